#!/usr/bin/env node
// The command line: wiring only. Each command lives in grader/commands/.
import { Command, CommanderError } from 'commander';
import { addDoctorCommand } from './commands/doctor.js';
import { addExercisesCommand } from './commands/exercises.js';
import { addGradeCommand, EXIT } from './commands/grade.js';
import { addInitCommand } from './commands/init.js';
import { addReplayCommands } from './commands/replay.js';
import { UsageError } from './errors.js';
import { toolInfo } from './paths.js';
import { logOwnCpu } from './sandbox/cpu-log.js';

// A reader that stops early (`grade exercises | head -1`) closes the pipe: what is left to print
// has nobody to read it, which is no error. Grading itself goes on (the reports are files).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const program = new Command();
program
  .name('grade')
  .description('Grade Python socket exercises over real sockets and explain every failure.\nExit codes: 0 ok, 1 a submission below --min-score, 2 usage error or grader fault, 130 interrupted.')
  .version(toolInfo().version)
  .exitOverride()
  .showHelpAfterError(false);
addGradeCommand(program);
addExercisesCommand(program);
addDoctorCommand(program);
addReplayCommands(program);
addInitCommand(program);
for (const command of program.commands) command.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.fault;
  } else if (error instanceof UsageError) {
    process.stderr.write(`grade: ${error.message}\n`);
    process.exitCode = EXIT.fault;
  } else {
    process.stderr.write(`grade: internal error (a bug in sockgrade, not in the submission): ${(error as Error)?.stack ?? error}\n`);
    process.exitCode = EXIT.fault;
  }
}
logOwnCpu('main');
