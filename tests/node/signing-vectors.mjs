// Signing vectors computed by the official Huawei Cloud Node SDK (@huaweicloud/huaweicloud-sdk-core), for the odd
// job ids and query strings the client's fuzz test meets. The tests compare the bot's signer and the simulator's
// verifier against this file, never against themselves; node is not needed at test time.
//
//   npm ci --prefix tests/node && node tests/node/signing-vectors.mjs
//
// writes tests/ChatOpsBot.ModelArts.Tests/TestData/official-sdk-odd-cases.json (the simulator tests link the same file).
//
// Each case is signed twice with the SDK:
// - "expected": the SDK's own canonicalization steps (AKSKSigner.urlEncode per path segment, CanonicalQueryString,
//   buildCanonicalHeaders, buildCanonicalRequest, Hex, getStringToSign, hmacSHA256) over the decoded path segments
//   and query parameters: the signing rule, which is what the API gateway computes from what arrives.
// - "sdkEndToEnd": the SDK's whole request path (BasicCredentials.processAuthRequest → AKSKSigner.sign), with the job
//   id substituted into the URL template as the SDK's HcClient does (raw). AKSKSigner.sign reads the path back
//   through url.parse, which escapes a space and a few other characters, and then encodes every segment again: for
//   such ids the SDK signs a double-encoded path (a%2520b) that no gateway computes, and a '/' in an id becomes two
//   segments. "agrees" says whether the two signatures are the same; where they differ the SDK cannot send that id.
import { createRequire } from 'node:module';
import { writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { HttpRequestBuilder } = require('@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder');

const here = path.dirname(fileURLToPath(import.meta.url));
const sdkVersion = JSON.parse(readFileSync(path.join(here, 'node_modules/@huaweicloud/huaweicloud-sdk-core/package.json'), 'utf8')).version;
const output = path.join(here, '..', 'ChatOpsBot.ModelArts.Tests', 'TestData', 'official-sdk-odd-cases.json');

const host = 'modelarts.cn-north-4.myhuaweicloud.com';
const projectId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const ak = 'HWAKEXAMPLE0000000001';
const sk = 'hwSkExample0123456789abcdefghijklmnopqrstuv';
const date = '20260115T083000Z';
const temporaryToken = 'gQpTestSecurityToken+/=0123456789abcdef';
const jobsTemplate = `/v1/{project_id}/dev-servers/jobs`;

// Job ids as a user types them after `job`: the shapes JobIdFuzzTests sends as one path segment.
const jobIds = [
  ['id-space', 'a b'],
  ['id-spaces-around', ' job 1 '],
  ['id-percent', '%'],
  ['id-percents', '%%'],
  ['id-percent-not-an-escape', '%ZZ'],
  ['id-encoded-slash-typed', '%2F'],
  ['id-encoded-percent-typed', '%25'],
  ['id-encoded-dots-typed', '%2E%2E'],
  ['id-slash', 'a/b'],
  ['id-backslash', 'a\\b'],
  ['id-tilde', 'v~1'],
  ['id-plus', 'a+b'],
  ['id-query-and-fragment-characters', 'a?b#c&d=e'],
  ['id-sub-delims', "!$'()*,;:@="],
  ['id-brackets-and-quotes', '[x]{y}<z>"q"|^`'],
  ['id-three-dots', '...'],
  ['id-latin', 'café-é'],
  ['id-cjk', '训练任务-中'],
  ['id-emoji', 'run-\u{1F600}'],
  ['id-invisible-format-characters', 'a\u200bb\u202ec\ufeffd'],
  ['id-replacement-and-noncharacter', '\ufffd\uffff'],
  ['id-64-cjk', '中'.repeat(64)],
  ['id-uuid', '0319470a-7fad-452e-bff0-d3ba3bd83955'],
];

// Query strings of the list call (GET …/dev-servers/jobs), as decoded key/value pairs in the order sent.
const queries = [
  ['query-name-with-space-and-ampersand', [['name', 'x&y z'], ['status', 'FAILED']]],
  ['query-repeated-key', [['status', 'RUNNING'], ['status', 'FAILED'], ['status', 'DELETED']]],
  ['query-repeated-key-values-sorting-apart-once-encoded', [['status', 'é'], ['status', '~'], ['status', 'A']]],
  ['query-keys-sorting-apart-once-encoded', [['a~', '1'], ['aé', '2'], ['a-', '3']]],
  ['query-plus-percent-slash', [['name', 'a+b%/c'], ['type', 'COMMON']]],
  ['query-tilde-unicode-empty', [['name', '模型~\u{1F600}'], ['type', '']]],
];

function encodedPath(segments) {
  return segments.map((s) => AKSKSigner.urlEncode(s)).join('/');
}

function queryObject(pairs) {
  const object = {};
  for (const [key, value] of pairs) {
    if (key in object) {
      object[key] = [].concat(object[key], value);
    } else {
      object[key] = value;
    }
  }
  return object;
}

function stepwise(segments, pairs, securityToken) {
  const canonicalUri = `${encodedPath(segments)}/`;
  const canonicalQueryString = AKSKSigner.CanonicalQueryString({ queryParams: queryObject(pairs) });
  const headers = { host, 'X-Sdk-Date': date, 'X-Project-Id': projectId };
  if (securityToken) {
    headers['X-Security-Token'] = securityToken;
  }
  const signedHeaders = Object.keys(headers).map((k) => k.toLowerCase()).sort().join(';');
  const canonicalRequest = AKSKSigner.buildCanonicalRequest('GET', canonicalUri, canonicalQueryString,
    AKSKSigner.buildCanonicalHeaders(headers), signedHeaders, AKSKSigner.EMPTY_BODY_SHA256);
  const stringToSign = AKSKSigner.getStringToSign(AKSKSigner.SDK_SIGNING_ALGORITHM, date, AKSKSigner.Hex(canonicalRequest));
  const signature = AKSKSigner.hmacSHA256(sk, stringToSign);
  const wireQuery = pairs.map(([k, v]) => `${AKSKSigner.urlEncode(k)}=${AKSKSigner.urlEncode(v)}`).join('&');
  return {
    wireTarget: encodedPath(segments) + (wireQuery ? `?${wireQuery}` : ''),
    canonicalUri,
    canonicalQueryString,
    signedHeaders,
    canonicalRequest,
    stringToSign,
    signature,
    authorization: `${AKSKSigner.SDK_SIGNING_ALGORITHM} Access=${ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    headers: Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'host')),
  };
}

async function endToEnd(url, pairs, securityToken) {
  let credentials = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
  if (securityToken) {
    credentials = credentials.withSecurityToken(securityToken);
  }
  const request = new HttpRequestBuilder()
    .withEndpoint(`https://${host}`)
    .withUrl(url)
    .withMethod('GET')
    .withHeaders({ 'X-Sdk-Date': date })
    .withQueryParams(queryObject(pairs))
    .build();
  const signed = await credentials.processAuthRequest(null, request);
  return /Signature=([0-9a-f]{64})$/.exec(signed.headers.Authorization)[1];
}

async function vector(name, description, segments, url, pairs, securityToken) {
  const expected = stepwise(segments, pairs, securityToken);
  const sdkSignature = await endToEnd(url, pairs, securityToken);
  return {
    name,
    description,
    input: { segments, query: pairs, securityToken: securityToken ?? null },
    expected,
    sdkEndToEnd: { signature: sdkSignature, agrees: sdkSignature === expected.signature },
  };
}

const vectors = [];
for (const [name, id] of jobIds) {
  vectors.push(await vector(name, `GET one job whose id is ${JSON.stringify(id)}`,
    ['', 'v1', projectId, 'dev-servers', 'jobs', id], `${jobsTemplate}/{job_id}`.replace('{job_id}', id), []));
}
vectors.push(await vector('id-space-temporary-credentials', 'GET one job, id "a b~%", with temporary credentials (X-Security-Token signed)',
  ['', 'v1', projectId, 'dev-servers', 'jobs', 'a b~%'], `${jobsTemplate}/a b~%`, [], temporaryToken));
for (const [name, pairs] of queries) {
  vectors.push(await vector(name, `GET the job list with the query ${JSON.stringify(pairs)}`,
    ['', 'v1', projectId, 'dev-servers', 'jobs'], jobsTemplate, pairs));
}
vectors.push(await vector('query-repeated-key-temporary-credentials', 'GET the job list, a repeated key, with temporary credentials',
  ['', 'v1', projectId, 'dev-servers', 'jobs'], jobsTemplate, [['status', 'FAILED'], ['status', 'FINISHED'], ['name', 'a b']], temporaryToken));

const file = {
  about: 'AK/SK (SDK-HMAC-SHA256) signatures computed by the official Huawei Cloud Node SDK for odd job ids and query strings. Regenerate: npm ci --prefix tests/node && node tests/node/signing-vectors.mjs',
  sdk: `@huaweicloud/huaweicloud-sdk-core ${sdkVersion}`,
  notes: [
    'input.segments are the decoded path segments (the job id is one segment); input.query the decoded key/value pairs in the order sent.',
    'expected is the SDK signing rule (its urlEncode, CanonicalQueryString, canonical headers, HMAC) over the decoded request; expected.wireTarget is the request target encoded with the SDK\'s urlEncode, the way the bot sends it.',
    'sdkEndToEnd is the SDK\'s own request path (processAuthRequest → AKSKSigner.sign); agrees=false marks ids the SDK itself signs double-encoded.',
    'expected.headers are the signed headers other than host, with their values; host is ' + host + '.',
  ],
  host,
  projectId,
  ak,
  sk,
  date,
  vectors,
};
writeFileSync(output, `${JSON.stringify(file, null, 2)}\n`);
console.log(`Wrote ${vectors.length} vectors to ${path.relative(process.cwd(), output)}; ` +
  `the SDK's own request path disagrees on ${vectors.filter((v) => !v.sdkEndToEnd.agrees).map((v) => v.name).join(', ') || 'none'}.`);
