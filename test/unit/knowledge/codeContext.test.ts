import * as assert from 'node:assert/strict';
import { explainCodeToken, numberMeaningInCode } from '../../../src/core/knowledge/codeContext';

function meaning(before: string, line: string, token: string, occurrence = 0) {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = line.indexOf(token, start + 1);
  return numberMeaningInCode(before, line, start, start + token.length);
}

suite('numbers in C code', () => {
  test('compared directly with SSL_get_error() or SSL_get_verify_result()', () => {
    assert.equal(meaning('', 'if (SSL_get_error(ssl, r) == 5)', '5'), 'ssl-error');
    assert.equal(meaning('', 'if (5 == SSL_get_error(ssl, r))', '5'), 'ssl-error');
    assert.equal(meaning('', 'if (SSL_get_verify_result(ssl) != 20) {', '20'), 'x509-verify');
  });

  test('through a variable assigned from the call earlier', () => {
    const before = 'int err = SSL_get_error(ssl, ret);\nlong v;\nv = SSL_get_verify_result(ssl);\n';
    assert.equal(meaning(before, '  if (err == 6) return;', '6'), 'ssl-error');
    assert.equal(meaning(before, '  if (v == 10) return;', '10'), 'x509-verify');
    assert.equal(meaning(before, '  if (other == 6) return;', '6'), undefined);
  });

  test('as a case of a switch over the result', () => {
    assert.equal(meaning('switch (SSL_get_error(ssl, n)) {\n', '  case 2:', '2'), 'ssl-error');
    assert.equal(meaning('int e = SSL_get_error(ssl, n);\nswitch (e) {\n', '  case 3:', '3'), 'ssl-error');
    assert.equal(meaning('switch (len) {\n', '  case 3:', '3'), undefined);
  });

  test('a number that is not compared is left alone', () => {
    assert.equal(meaning('', 'char buf[5]; SSL_get_error(ssl, 5);', '5'), undefined);
    assert.equal(meaning('int e = SSL_get_error(ssl, n);', 'e = 5;', '5'), undefined);
  });

  test('tokens are explained according to that meaning', () => {
    assert.equal(explainCodeToken('5', 'ssl-error')[0]?.name, 'SSL_ERROR_SYSCALL');
    assert.equal(explainCodeToken('5', undefined).length, 0);
    assert.equal(explainCodeToken('10', 'x509-verify')[0]?.name, 'X509_V_ERR_CERT_HAS_EXPIRED');
    assert.deepEqual(explainCodeToken('24', 'x509-verify').map((i) => i.name), ['X509_V_ERR_INVALID_CA', 'X509_V_ERR_NO_ISSUER_PUBLIC_KEY']);
    assert.equal(explainCodeToken('0x0A000126UL', undefined)[0]?.name, 'SSL_R_UNEXPECTED_EOF_WHILE_READING');
    assert.equal(explainCodeToken('SSL_R_WRONG_VERSION_NUMBER', undefined)[0]?.kind, 'openssl-error');
    assert.equal(explainCodeToken('EAGAIN', undefined)[0]?.kind, 'errno');
    assert.deepEqual(explainCodeToken('buffer_size', undefined), []);
  });
});
