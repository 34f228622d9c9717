export function pnpmCommand(args: string[]): [string, string[]];
