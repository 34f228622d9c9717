import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/index.ts';
import { templateStarters } from '../src/render/render.ts';
import { loadTemplate } from '../src/template/template.ts';
import { TRIGGERS } from '../src/triggers.ts';
import { recordedIO } from './helpers/io.ts';
import { tempDir } from './helpers/temp.ts';

describe('main', () => {
  it('prints help and the version without creating anything', async () => {
    const cwd = tempDir();
    const help = recordedIO(cwd);
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out()).toContain('Usage:');
    expect(help.out()).toContain('--triggers <list>');
    const version = recordedIO(cwd);
    expect(await main(['-v'], version)).toBe(0);
    expect(version.out()).toMatch(/^\d+\.\d+\.\d+(-\w+)?\n$/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('lists every starter of the template under its trigger in --help, with its languages', async () => {
    const help = recordedIO(tempDir());
    expect(await main(['--help'], help)).toBe(0);
    const text = help.out();
    const section = text.slice(text.indexOf('Starters, per trigger'), text.indexOf('Upgrade:'));
    const starters = templateStarters(loadTemplate()).list();
    for (const [index, trigger] of TRIGGERS.entries()) {
      const next = TRIGGERS[index + 1];
      const block = section.slice(
        section.indexOf(`  ${trigger} `),
        next ? section.indexOf(`  ${next} `) : undefined,
      );
      const listed = starters.filter((s) => s.eventType === trigger);
      expect(listed.length, trigger).toBeGreaterThan(0);
      for (const starter of listed) {
        expect(block.replace(/\s+/g, ' '), trigger).toContain(
          `${starter.starter} (${starter.languages.join(', ')})`,
        );
      }
    }
  });

  it('creates a project from flags alone, leaving nothing else behind', async () => {
    const cwd = tempDir();
    const io = recordedIO(cwd);
    const code = await main(
      ['shop', '--yes', '-t', 'viewer-request', '--no-install', '--no-git'],
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(readdirSync(cwd)).toEqual(['shop']);
    expect(JSON.parse(readFileSync(join(cwd, 'shop', 'package.json'), 'utf8')).name).toBe('shop');
    // The shared @edge-app/* packages come prebuilt in vendor/, not as workspace packages.
    expect(readdirSync(join(cwd, 'shop', 'packages'))).toEqual(['viewer-request']);
    const vendor = readdirSync(join(cwd, 'shop', 'vendor')).sort();
    expect(vendor.map((file) => file.replace(/-\d+\.\d+\.\d+-[0-9a-f]{10}\.tgz$/, ''))).toEqual([
      'edge-app-events',
      'edge-app-runtime',
      'edge-app-tools',
    ]);
    expect(io.out()).toContain('cd shop');
  });

  it('without a terminal and without --yes, fails at once with what to pass', async () => {
    const cwd = tempDir();
    const io = recordedIO(cwd, false);
    expect(await main(['shop'], io)).toBe(1);
    expect(io.err()).toContain('No terminal to ask questions on');
    expect(io.err()).toContain('Pass --yes');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('turns user errors into a message and exit code 1, writing nothing', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'mine.txt'), 'keep');
    const nonEmpty = recordedIO(cwd);
    expect(await main(['taken', '--yes'], nonEmpty)).toBe(1);
    expect(nonEmpty.err()).toContain(`✖ ${join(cwd, 'taken')} is not empty: mine.txt.`);
    expect(readdirSync(join(cwd, 'taken'))).toEqual(['mine.txt']);

    const badName = recordedIO(cwd);
    expect(await main(['Bad_Name', '--yes'], badName)).toBe(1);
    expect(badName.err()).toContain('Use "bad_name" instead');

    const badFlag = recordedIO(cwd);
    expect(await main(['--triggers', 'nope'], badFlag)).toBe(1);
    expect(badFlag.err()).toContain('Unknown trigger: nope.');
    expect(readdirSync(cwd)).toEqual(['taken']);
  });

  it('writes into the current directory when it is empty, keeping the directory itself', async () => {
    const cwd = join(tempDir(), 'here-app');
    mkdirSync(cwd);
    const before = statSync(cwd).ino;
    const io = recordedIO(cwd);
    expect(await main(['.', '--yes', '--no-install', '--no-git', '-t', 'origin-request'], io)).toBe(
      0,
    );
    expect(statSync(cwd).ino).toBe(before);
    expect(JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).name).toBe('here-app');
    expect(readdirSync(join(cwd, '..'))).toEqual(['here-app']);
    expect(io.out()).not.toContain('cd ');
  });

  it('writes into a non-empty directory with --force, keeping the owner’s files', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'app'));
    writeFileSync(join(cwd, 'app', 'mine.txt'), 'keep');
    writeFileSync(join(cwd, 'app', 'README.md'), 'old');
    const io = recordedIO(cwd);
    expect(await main(['app', '--yes', '--force', '--no-install', '--no-git'], io)).toBe(0);
    expect(readFileSync(join(cwd, 'app', 'mine.txt'), 'utf8')).toBe('keep');
    expect(readFileSync(join(cwd, 'app', 'README.md'), 'utf8')).toMatch(/^# app\n/);
    expect(io.out()).toContain('Replaced 1 existing file(s): README.md.');
    expect(readdirSync(cwd)).toEqual(['app']);
  });
});
