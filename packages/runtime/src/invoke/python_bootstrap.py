"""One Python Lambda container for @edge-app/runtime.

Started as `python3 python_bootstrap.py`, possibly ahead of need. It speaks the messages of
protocol.ts as JSON lines. The first line on stdin says what to load: {"type": "load",
"module", "handlerName", "functionName", "functionVersion", "memoryMB"}. It imports the module
once (the init phase), then reads one {"type": "invoke", "id", "event", "timeoutMs",
"requestId"} per line and writes JSON lines to the original stdout: {"type": "log" | "ready" |
"init-error" | "result", ...}. End of input (the parent is gone) ends the process. Everything the function prints or logs is
captured as log lines; stray writes to file descriptor 1 are redirected to stderr, which the
parent also records, so they cannot corrupt the protocol.
"""

import importlib.util
import io
import json
import logging
import os
import sys
import time
import traceback
import uuid

MB = 1024 * 1024
BOOTSTRAP_FILE = os.path.abspath(__file__)

# Set by the load line; module-level so the context and the memory cap can read them.
module_path = handler_name = function_name = function_version = memory_mb = ""
log_stream_name = ""

protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
os.dup2(2, 1)


def send(message, result_json=None):
    """Writes one protocol line. `result_json`, a result already encoded (to check that it can
    be), is spliced in as `result` rather than decoded and encoded a second time."""
    text = json.dumps(message, separators=(",", ":"))
    if result_json is not None:
        text = f'{text[:-1]},"result":{result_json}}}'
    protocol.write(text + "\n")
    protocol.flush()


def now_ms():
    return int(time.time() * 1000)


class CapturedStream(io.TextIOBase):
    """A text stream whose complete lines become log lines of one level."""

    def __init__(self, level):
        self.level = level
        self.pending = ""

    def writable(self):
        return True

    def write(self, text):
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            send({"type": "log", "line": {"level": self.level, "message": line, "time": now_ms()}})
        return len(text)

    def flush(self):
        if self.pending:
            line, self.pending = self.pending, ""
            send({"type": "log", "line": {"level": self.level, "message": line, "time": now_ms()}})


LEVELS = {"DEBUG": "debug", "INFO": "info", "WARNING": "warn", "ERROR": "error", "CRITICAL": "error"}


class CapturedLogging(logging.Handler):
    def emit(self, record):
        level = LEVELS.get(record.levelname, "log")
        message = f"[{record.levelname}] {self.format(record)}"
        send({"type": "log", "line": {"level": level, "message": message, "time": now_ms()}})


sys.stdout = CapturedStream("log")
sys.stderr = CapturedStream("error")
logging.getLogger().addHandler(CapturedLogging())


def limit_memory():
    """Cap the address space at what the interpreter already uses plus the function's memory.

    RLIMIT_AS exists on Linux and macOS; elsewhere only the measured peak is checked.
    """
    try:
        import resource

        baseline = 0
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    baseline = int(line.split()[1]) * 1024
        if baseline:
            limit = baseline + int(memory_mb) * MB
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass


def memory_used_mb():
    try:
        import resource

        # ru_maxrss is kilobytes on Linux, bytes on macOS.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return -(-peak * (1 if sys.platform == "darwin" else 1024) // MB)
    except ImportError:
        return 0


def describe(error):
    """The error with the innermost frame that is not this bootstrap, like a JS stack line."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if os.path.abspath(f.filename) != BOOTSTRAP_FILE]
    stack = ""
    if frames:
        frame = frames[-1]
        stack = f"{type(error).__name__}: {error}\n    at {frame.name} ({frame.filename}:{frame.lineno})"
    return {"name": type(error).__name__, "message": str(error), "stack": stack}


class Context:
    """The fields of the Lambda Python context object."""

    def __init__(self, deadline, request_id):
        self.function_name = function_name
        self.function_version = function_version
        self.invoked_function_arn = (
            f"arn:aws:lambda:us-east-1:123456789012:function:{function_name}:{function_version}"
        )
        self.memory_limit_in_mb = memory_mb
        self.aws_request_id = request_id or str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/us-east-1.{function_name}"
        self.log_stream_name = log_stream_name
        self.identity = None
        self.client_context = None
        self._deadline = deadline

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline - now_ms())


def request_json(event):
    """A response event's request as JSON, to tell afterwards whether the handler changed it
    (as worker.mjs does); None for request events, or when it cannot be encoded."""
    cf = ((event.get("Records") or [{}])[0] or {}).get("cf") or {}
    if "response" not in cf:
        return None
    try:
        return json.dumps(cf.get("request"), separators=(",", ":"))
    except (TypeError, ValueError):
        return None


class MarshalFailed(Exception):
    """The handler's result could not be encoded; the reply already says why."""


def load_handler():
    spec = importlib.util.spec_from_file_location("edge_function", module_path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, os.path.dirname(os.path.abspath(module_path)))
    sys.modules["edge_function"] = module
    spec.loader.exec_module(module)
    handler = getattr(module, handler_name, None)
    if not callable(handler):
        found = ", ".join(n for n in dir(module) if not n.startswith("_")) or "none"
        return None, f'The module does not define a function named "{handler_name}" (names: {found}).'
    return handler, None


def configure(load):
    global module_path, handler_name, function_name, function_version, memory_mb, log_stream_name
    module_path = load["module"]
    handler_name = load["handlerName"]
    function_name = load["functionName"]
    function_version = load["functionVersion"]
    memory_mb = str(load["memoryMB"])
    log_stream_name = time.strftime("%Y/%m/%d") + f"/[{function_version}]{uuid.uuid4().hex}"


def main():
    first = sys.__stdin__.readline()
    if not first:
        return
    configure(json.loads(first))
    limit_memory()
    try:
        handler, missing = load_handler()
    except MemoryError:
        send({"type": "init-error", "memory": True, "error": {"name": "MemoryError", "message": "", "stack": ""}})
        return
    except Exception as error:
        send({"type": "init-error", "error": describe(error)})
        return
    if missing:
        send({"type": "init-error", "handlerNotFound": True, "error": {"name": "Runtime.HandlerNotFound", "message": missing, "stack": ""}})
        return
    send({"type": "ready", "memoryUsedMB": memory_used_mb()})

    for line in sys.__stdin__:
        if not line.strip():
            continue
        request = json.loads(line)
        deadline = now_ms() + request["timeoutMs"]
        request_before = request_json(request["event"])
        started = time.perf_counter()
        reply = {"type": "result", "id": request["id"]}
        encoded = None
        try:
            result = handler(request["event"], Context(deadline, request.get("requestId")))
            try:
                encoded = json.dumps(result, separators=(",", ":"))
            except (TypeError, ValueError) as error:
                # Lambda's Runtime.MarshalError: the result must be JSON.
                reply.update(ok=False, marshal=True, error={"name": type(error).__name__, "message": str(error), "stack": ""})
                raise MarshalFailed() from error
            reply["ok"] = True
            # Response events return only the response; a change to their read-only request
            # shows only in the event, which goes back for the parent's check when it changed.
            # A handler that made the request unencodable loses only that check.
            request_after = request_json(request["event"]) if request_before is not None else None
            if request_after is not None and request_after != request_before:
                reply["eventAfter"] = request["event"]
        except MarshalFailed:
            pass
        except MemoryError:
            reply.update(ok=False, memory=True, error={"name": "MemoryError", "message": "", "stack": ""})
        except Exception as error:
            reply.update(ok=False, error=describe(error))
        sys.stdout.flush()
        sys.stderr.flush()
        reply.update(durationMs=(time.perf_counter() - started) * 1000, memoryUsedMB=memory_used_mb())
        send(reply, encoded if reply["ok"] else None)


main()
