// SYNTAX TEST "source.cpp" "OpenSSL error entries are never scoped inside C++ strings or comments"
const std::string expected = "error:0A000126:SSL routines::unexpected eof while reading";
//                                 ^^^^^^^^ - constant.numeric.error-code.openssl
auto raw = R"(error:1408F10B:SSL routines:ssl3_get_record:wrong version number)";
//                 ^^^^^^^^ - constant.numeric.error-code.openssl
if (SSL_get_error(ssl, r) == SSL_ERROR_SSL) {} // error:0A00010B:SSL routines::wrong version number
//                           ^^^^^^^^^^^^^ constant.language.ssl-error.openssl
//                                                    ^^^^^^^^ - constant.numeric.error-code.openssl
