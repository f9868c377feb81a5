// The wallet-ledger command line, built: every command from its own file. main.ts runs it.
// Usage errors commander finds itself (unknown option, missing argument) are thrown as
// CommanderError (exitOverride) so that main.ts gives them exit code 2, like the commands' own
// usage failures (cli-failure.ts).
import { Command } from 'commander';
import { addAlertsCommand } from './alerts-command.ts';
import { addAuditCommand } from './audit-command.ts';
import { addBalanceCommand } from './balance-command.ts';
import { addDemoCommand } from './demo-command.ts';
import { addExportCommand } from './export-command.ts';
import { addHistoryCommand } from './history-command.ts';
import { addIncidentCommand } from './incident-command.ts';
import { addApprovalsCommand } from './approvals-command.ts';
import { addProjectCommand } from './project-command.ts';
import { addProjectionsCommand } from './projections-command.ts';
import { addReimbursementsCommand } from './reimbursements-command.ts';
import { addRulesCommand } from './rules-command.ts';
import { addServeCommand } from './serve-command.ts';
import { addBackupCommand } from './backup-command.ts';
import { addRestoreCommand } from './restore-command.ts';
import { oneLineErrorsEverywhere } from './commander-errors.ts';
import { packageVersion } from './package-version.ts';
import { addVerifyCommand } from './verify-command.ts';
import { addWitnessCommand } from './witness-command.ts';

const exitOverrideEverywhere = (command: Command): void => {
  command.exitOverride();
  for (const subcommand of command.commands) exitOverrideEverywhere(subcommand);
};

export const buildProgram = (): Command => {
  const program = new Command('wallet-ledger').description('Event-sourced ledger for mobile wallets').version(packageVersion(), '-V, --version', 'the version of wallet-ledger');
  addServeCommand(program);
  addHistoryCommand(program);
  addBalanceCommand(program);
  addAuditCommand(program);
  addIncidentCommand(program);
  addApprovalsCommand(program);
  addReimbursementsCommand(program);
  addAlertsCommand(program);
  addRulesCommand(program);
  addDemoCommand(program);
  addProjectionsCommand(program);
  addProjectCommand(program);
  addBackupCommand(program);
  addRestoreCommand(program);
  addExportCommand(program);
  addVerifyCommand(program);
  addWitnessCommand(program);
  exitOverrideEverywhere(program);
  oneLineErrorsEverywhere(program);
  return program;
};
