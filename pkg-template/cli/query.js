'use strict';
// `payquery query <provider>`: one order by its id flags, or a batch with --from.
const { parse } = require('./options.js');
const { usage, CliError, EXIT, HINTS } = require('./errors.js');
const { providerName, configOptions, configHelp } = require('./config.js');

/** Id flags per provider: flag -> the library's query key. */
const IDS = {
  'wechat-v2': { 'out-trade-no': 'outTradeNo', 'transaction-id': 'transactionId' },
  cloudpay: { 'out-trade-no': 'outTradeNo', 'transaction-id': 'transactionId' },
  'wechat-v3': { 'out-trade-no': 'outTradeNo', 'transaction-id': 'transactionId', 'combine-out-trade-no': 'combineOutTradeNo' },
  fubei: { 'merchant-order-sn': 'merchantOrderSn', 'order-sn': 'orderSn', 'ins-order-sn': 'insOrderSn' },
};

const BATCH_OPTIONS = {
  from: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  resume: { type: 'boolean' },
  progress: { type: 'boolean' },
};

const help = (provider) => `Usage: payquery query <wechat-v2|wechat-v3|cloudpay|fubei> (ID | --from FILE) [options]

One order:
  ${provider ? Object.keys(IDS[provider]).map((f) => `--${f} ID`).join(' | ') : 'wechat-v2, cloudpay: --out-trade-no ID | --transaction-id ID\n  wechat-v3: --out-trade-no ID | --transaction-id ID | --combine-out-trade-no ID\n  fubei: --merchant-order-sn ID | --order-sn ID | --ins-order-sn ID'}
  --json                 the whole typed order as JSON (default: a short report)

A batch (reconciliation):
  --from FILE|-          orders.csv (header row naming the id column, e.g. out_trade_no, or one
                         id per line), orders.jsonl (one query object per line) or - for stdin
  --out FILE             write results there (default stdout), one line per order as it finishes
  --format jsonl|csv     output format (default jsonl; csv when --out ends in .csv)
  --concurrency N        queries in flight (default 8, at most 64)
  --rate N[/s|/m]        at most N queries started per second or minute (default unlimited)
  --resume               skip orders already in --out (after an interruption)
  --progress             progress on stderr also when it is not a terminal
  A summary by state goes to stderr; the exit status is 1 when any query failed.

Configuration (flag | environment variable; also the --config FILE section):
${provider ? configHelp(provider) : `  see payquery query <provider> --help`}

Examples:
  payquery query wechat-v2 --out-trade-no PQ-V2-PAID
  payquery query fubei --from orders.csv --out results.jsonl --concurrency 4 --rate 20/s --resume
`;

/** Runs the `query` subcommand. */
async function run(_command, argv, io) {
  if (argv[0] === undefined || argv[0].startsWith('-')) {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(help());
      return EXIT.OK;
    }
    throw usage('which provider?', 'payquery query <wechat-v2|wechat-v3|cloudpay|fubei> …; see payquery query --help');
  }
  const provider = providerName(argv[0]);
  const idOptions = Object.fromEntries(Object.keys(IDS[provider]).map((f) => [f, { type: 'string' }]));
  const { values } = parse(argv.slice(1), { ...configOptions(provider), ...idOptions, ...BATCH_OPTIONS });
  if (values.help) {
    io.stdout.write(help(provider));
    return EXIT.OK;
  }
  const ids = Object.keys(IDS[provider]).filter((f) => values[f] !== undefined);
  if (values.from !== undefined) {
    if (ids.length) throw usage('--from and an id flag cannot be combined', 'ids come from the file in a batch');
    return require('./batch.js').runBatch(provider, values, io);
  }
  for (const f of Object.keys(BATCH_OPTIONS)) {
    if (values[f] !== undefined) throw usage(`--${f} needs --from`, 'a batch reads its orders with --from FILE');
  }
  if (ids.length !== 1) {
    throw usage(ids.length ? 'give one order id flag, not several' : 'which order?', `one of ${Object.keys(IDS[provider]).map((f) => `--${f}`).join(', ')}`);
  }
  const { makeClient } = require('./client.js');
  const made = makeClient(provider, values, io.env);
  const order = await queryOne(provider, made, { [IDS[provider][ids[0]]]: values[ids[0]] });
  const report = require('./report.js');
  if (values.json) io.stdout.write(`${JSON.stringify(report.orderJson(order))}\n`);
  else io.stdout.write(report.orderText(order, report.painter(report.colourFor(io.stdout, io.env))));
  return EXIT.OK;
}

/**
 * Queries one order with a client from `makeClient`; `query` is `{ idKey: value }`. A CloudPay
 * `resultCode: 'FAIL'` answer is a failure here, with its providerCode: ORDER_NOT_FOUND for
 * `ORDERNOTEXIST` (the library's code for the same answer from v2), else PROVIDER_ERROR.
 */
async function queryOne(provider, { client, query: extras }, query) {
  if (provider === 'cloudpay') {
    const result = await client.queryOrder({ ...(extras.subMchId !== undefined ? { subMchId: extras.subMchId } : {}), ...query });
    if (result.resultCode === 'FAIL') {
      const code = result.resultErrCode === 'ORDERNOTEXIST' ? 'ORDER_NOT_FOUND' : 'PROVIDER_ERROR';
      const err = new CliError(code, 'CloudPay answered resultCode FAIL', { exit: EXIT.FAILED, hint: HINTS[code] });
      if (result.resultErrCode) err.providerCode = result.resultErrCode;
      throw err;
    }
    return result;
  }
  if (query.combineOutTradeNo !== undefined) return client.queryCombineOrder(query);
  return client.queryOrder(query);
}

module.exports = { run, help, IDS, queryOne };
