// SYNTAX TEST "source.cpp" "SSL_ERROR_* constants are scoped in C++ code"
bool retry(int e) { return e == SSL_ERROR_WANT_WRITE; }
//                              ^^^^^^^^^^^^^^^^^^^ constant.language.ssl-error.openssl
auto text = "SSL_ERROR_WANT_WRITE"; // SSL_ERROR_SSL
//           ^^^^^^^^^^^^^^^^^^^^ - constant.language.ssl-error.openssl
//                                     ^^^^^^^^^^^^^ - constant.language.ssl-error.openssl
