'use strict';
// `payquery certs download|check`: APIv3 platform certificates as PEM files, and which of the
// configured ones expire soon. Certificates are read with node:crypto's X509Certificate.
const fs = require('node:fs');
const path = require('node:path');
const { parse, intOption } = require('./options.js');
const { usage, configError, CliError, EXIT } = require('./errors.js');
const { configOptions, configHelp, resolve, readFileValue } = require('./config.js');

const help = `Usage: payquery certs download [--out-dir DIR] [options]
       payquery certs check [FILE…] [--days N] [options]

download  fetches the APIv3 platform certificates (the client's downloadPlatformCertificates)
          and writes each as DIR/wechatpay_<serial>.pem (default DIR: .), printing serial and
          expiry; point WECHAT_V3_PLATFORM_CERTS (comma-separated files) at them.
check     reads the configured platform certificates (--platform-certs / WECHAT_V3_PLATFORM_CERTS)
          and any FILEs, and says which expire within --days N (default 30): exit 1 if any does.

Configuration (flag | environment variable; also the --config FILE "wechat-v3" section):
${configHelp('wechat-v3')}

Examples:
  payquery certs download --out-dir ./certs
  WECHAT_V3_PLATFORM_CERTS=certs/a.pem,certs/b.pem payquery certs check --days 14
`;

/** Serial, validity and days left of one PEM certificate; INPUT_INVALID when it is not one. */
function describeCert(pem, source, now = Date.now()) {
  const { X509Certificate } = require('node:crypto');
  let cert;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw configError('INPUT_INVALID', `${source} is not a PEM certificate`, 'platform certificates are X.509 PEM files (BEGIN CERTIFICATE)');
  }
  const notAfter = new Date(cert.validTo);
  return {
    source,
    serial: cert.serialNumber.toUpperCase(),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor((notAfter.getTime() - now) / 86400000),
  };
}

/** Every PEM certificate block in `text` (a file may hold several). */
function pemBlocks(text) {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) || [];
}

async function check(values, positionals, io) {
  const days = intOption(values, 'days', 30, { max: 3650 });
  const { values: v, sources } = resolve('wechat-v3', values, io.env);
  const files = [...(typeof v.platformCertificates === 'string' ? v.platformCertificates.split(',').filter(Boolean) : []), ...positionals];
  if (!files.length) throw configError('CONFIG_MISSING', 'no platform certificates configured', 'set --platform-certs FILE,… or WECHAT_V3_PLATFORM_CERTS, or give FILEs');
  const certs = [];
  for (const file of files) {
    const from = positionals.includes(file) ? 'a FILE argument' : sources.platformCertificates;
    const blocks = pemBlocks(readFileValue(file, from));
    if (!blocks.length) throw configError('INPUT_INVALID', `${path.basename(file)} holds no PEM certificate`, 'platform certificates are X.509 PEM files');
    blocks.forEach((pem) => certs.push(describeCert(pem, path.basename(file))));
  }
  for (const c of certs) c.state = c.daysLeft < 0 ? 'EXPIRED' : c.daysLeft < days ? 'EXPIRING' : 'OK';
  const bad = certs.filter((c) => c.state !== 'OK');
  if (values.json) io.stdout.write(`${JSON.stringify({ days, certificates: certs })}\n`);
  else {
    const report = require('./report.js');
    const p = report.painter(report.colourFor(io.stdout, io.env));
    for (const c of certs) {
      const paint = c.state === 'OK' ? p.green : c.state === 'EXPIRING' ? p.yellow : p.red;
      io.stdout.write(`${paint(c.state.padEnd(8))} ${c.serial}  expires ${c.notAfter} (${c.daysLeft} days)  ${p.dim(c.source)}\n`);
    }
    if (v.publicKeyId) io.stdout.write(p.dim('a WeChat Pay public key is configured too: public keys do not expire\n'));
  }
  if (bad.length && !values.json) io.stderr.write(`${bad.length} certificate(s) expired or expiring within ${days} days: run payquery certs download\n`);
  return bad.length ? EXIT.FAILED : EXIT.OK;
}

async function download(values, io) {
  const { library } = require('./client.js');
  const lib = library();
  if (typeof lib.WechatPayV3.prototype.downloadPlatformCertificates !== 'function') {
    throw new CliError('UNSUPPORTED', 'this version of the payquery library cannot download platform certificates (no WechatPayV3#downloadPlatformCertificates)', {
      exit: EXIT.UNSUPPORTED,
      hint: 'update payquery; meanwhile download them with the merchant platform or another tool and use payquery certs check',
    });
  }
  const { clientConfig } = require('./config.js');
  const { config } = clientConfig('wechat-v3', values, io.env);
  if (config.privateKey === undefined) throw configError('CONFIG_MISSING', 'no privateKey configured for wechat-v3', 'set --private-key-file FILE or WECHAT_V3_PRIVATE_KEY');
  if (config.apiV3Key === undefined) throw configError('CONFIG_MISSING', 'no apiV3Key configured for wechat-v3 (it decrypts the certificates)', 'set --api-v3-key-file FILE or WECHAT_V3_API_V3_KEY');
  // The download itself is verified with the certificates it carries when nothing is trusted yet.
  if (config.platformCertificates === undefined && config.wechatpayPublicKey === undefined) config.platformCertificates = 'auto';
  const client = new lib.WechatPayV3(config);
  const list = await client.downloadPlatformCertificates();
  const dir = values['out-dir'] || '.';
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw configError('FILE_UNWRITABLE', `cannot create --out-dir (${e.code || 'error'})`, 'check the path');
  }
  const written = [];
  for (const item of Array.isArray(list) ? list : []) {
    const pem = typeof item === 'string' ? item : item && (item.pem || item.certificate);
    if (typeof pem !== 'string') continue;
    const c = describeCert(pem, 'a downloaded certificate');
    const file = path.join(dir, `wechatpay_${c.serial}.pem`);
    fs.writeFileSync(file, pem.endsWith('\n') ? pem : `${pem}\n`);
    written.push({ ...c, source: undefined, file });
  }
  if (values.json) io.stdout.write(`${JSON.stringify({ certificates: written })}\n`);
  else {
    for (const c of written) io.stdout.write(`${c.serial}  expires ${c.notAfter} (${c.daysLeft} days)  ${c.file}\n`);
    io.stdout.write(`WECHAT_V3_PLATFORM_CERTS=${written.map((c) => c.file).join(',')}\n`);
  }
  return EXIT.OK;
}

/** Runs `certs download` or `certs check`. */
async function run(_command, argv, io) {
  const action = argv[0];
  if (action === undefined || action.startsWith('-')) {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(help);
      return EXIT.OK;
    }
    throw usage('certs needs download or check', 'see payquery certs --help');
  }
  if (action !== 'download' && action !== 'check') throw usage('unknown certs action', 'payquery certs download|check');
  const extra = action === 'check' ? { days: { type: 'string' } } : { 'out-dir': { type: 'string' } };
  const { values, positionals } = parse(argv.slice(1), { ...configOptions('wechat-v3'), ...extra }, { positionals: action === 'check' ? 64 : 0 });
  if (values.help) {
    io.stdout.write(help);
    return EXIT.OK;
  }
  return action === 'check' ? check(values, positionals, io) : download(values, io);
}

module.exports = { run, help };
