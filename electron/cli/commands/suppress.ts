import { Option, type Command } from 'commander';
import { collectMap, describeSummary, parseMaps, stageFile, summaryJson, waitForImportJob } from '../import-job.js';
import { printJson } from '../output.js';
import type { CommandSetup } from '../program.js';

interface SuppressOptions {
  mode: 'add' | 'replace' | 'remove';
  map: string[];
  sheet?: string;
  encoding?: string;
  json?: boolean;
}

export function registerSuppress(program: Command, setup: CommandSetup): void {
  program
    .command('suppress')
    .description('Import opted-out people into the suppression list: they are never uploaded, and a sync removes them from Pinterest')
    .argument('<file>', 'the spreadsheet of people to suppress')
    .addOption(
      new Option('--mode <mode>', 'add: union (default); replace: the suppression list becomes the file; remove: take them off it')
        .choices(['add', 'replace', 'remove'])
        .default('add'),
    )
    .option('--map <COLUMN=KIND>', 'map a column (header name or 1-based number) to email, gaid, idfa or ignore; repeatable', collectMap, [])
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first with data)')
    .option('--encoding <name>', 'override encoding detection, e.g. windows-1252, utf-16le')
    .option('--json', 'print one JSON object with the counts')
    .action(async (file: string, options: SuppressOptions) => {
      const overrides = parseMaps(options.map);
      const runtime = setup.runtime();
      const core = runtime.core();
      const staged = stageFile(core, file);
      try {
        const { jobId } = await runtime.call('suppression.start', {
          fileId: staged.fileId,
          mode: options.mode,
          overrides,
          sheet: options.sheet,
          encoding: options.encoding,
        });
        const summary = await waitForImportJob(core, setup.output, jobId, !options.json);
        if (options.json) printJson(setup.output, summaryJson(summary));
        else setup.output.out(describeSummary(summary, staged.name, options.mode));
      } finally {
        core.stagedFiles.release(staged.fileId);
      }
    });
}
