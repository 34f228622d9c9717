/** The questions `pnpm gen trigger` asks at a terminal (plop's inquirer in plopfile.mjs; a script in tests). */
export interface Choice<T extends string> {
  name: string;
  value: T;
}

export interface TriggerQuestions {
  select<T extends string>(message: string, choices: readonly Choice<T>[]): Promise<T>;
  input(message: string, validate: (value: string) => string | true): Promise<string>;
}
