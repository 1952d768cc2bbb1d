// @ts-check
// A self-signed certificate for 127.0.0.1 and localhost, valid 2000–2099, for serving the
// emulator over HTTPS in tests and demos (`tls: TEST_TLS`, `serve.js --tls`). It protects
// nothing: the key is public on purpose. A client trusts it by taking `cert` as its CA.

export const TEST_TLS = Object.freeze({
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggBC1sd3I2lWfcujc
myNnKJ95L7E2rOlqeG8v7ne1tzyhRANCAASgWLwJIJHshD6iRuXJ31KcWkit86+0
OKfGyjIblVp5D/zm0Dh5WH0RJXwWlUnoS2pty+sQhK6Ex0Ukm26FEuct
-----END PRIVATE KEY-----
`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBeTCCASCgAwIBAgIBATAKBggqhkjOPQQDAjAfMR0wGwYDVQQDDBRnaXRsYWIt
ZW11bGF0b3IgdGVzdDAgFw0wMDAxMDEwMDAwMDBaGA8yMDk5MTIzMTIzNTk1OVow
HzEdMBsGA1UEAwwUZ2l0bGFiLWVtdWxhdG9yIHRlc3QwWTATBgcqhkjOPQIBBggq
hkjOPQMBBwNCAASgWLwJIJHshD6iRuXJ31KcWkit86+0OKfGyjIblVp5D/zm0Dh5
WH0RJXwWlUnoS2pty+sQhK6Ex0Ukm26FEucto0swSTAMBgNVHRMBAf8EAjAAMBoG
A1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAdBgNVHQ4EFgQUce+rR4pDVw/Dmjrg
W8sv8lNuj3gwCgYIKoZIzj0EAwIDRwAwRAIgRljKD+bdynIfj2r5cB3xKcCOnnPH
qIAFLYIKwdpQsOICIEEyBfzDeoHZNdBtQefZWEKUoQveZAhk3cMtahP9qKzj
-----END CERTIFICATE-----
`,
});
