kept = []


def handler(event, context):
    while True:
        kept.append(bytearray(10 * 1024 * 1024))
