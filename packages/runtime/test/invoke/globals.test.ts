import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invoke, setContainerGlobals } from '../../src/invoke/index.ts';
import { expectError, expectHeader } from '../../src/testing/index.ts';
import { handlerPath, viewerRequestFor } from './support.ts';

// The workspace's vitest setup hands EDGE_CONFIG to every container; start each test from none.
beforeEach(() => setContainerGlobals({}));
afterEach(() => setContainerGlobals({}));

describe('container globals (build-time values a bundle would inline)', () => {
  it('are undefined in a container unless given', async () => {
    const error = expectError(
      await invoke(handlerPath('uses-global.mjs'), viewerRequestFor('/')),
      'LambdaExecutionError',
      'unhandled-error',
    );
    expect(error.message).toContain('EDGE_CONFIG is not defined');
  });

  it('are defined from the globals option', async () => {
    const outcome = await invoke(handlerPath('uses-global.mjs'), viewerRequestFor('/'), {
      globals: { EDGE_CONFIG: { GREETING: 'hello' } },
    });
    expectHeader(outcome, 'x-greeting', 'hello');
  });

  it('are defined for every container after setContainerGlobals, the option winning', async () => {
    setContainerGlobals({ EDGE_CONFIG: { GREETING: 'from setup' } });
    expectHeader(
      await invoke(handlerPath('uses-global.mjs'), viewerRequestFor('/')),
      'x-greeting',
      'from setup',
    );
    const own = await invoke(handlerPath('uses-global.mjs'), viewerRequestFor('/'), {
      globals: { EDGE_CONFIG: { GREETING: 'own' } },
    });
    expectHeader(own, 'x-greeting', 'own');
  });
});
