// SYNTAX TEST "source.c" "OpenSSL error entries are never scoped inside C strings or comments"
static const char *expected = "error:0A000126:SSL routines::unexpected eof while reading";
//                                   ^^^^^^^^ - constant.numeric.error-code.openssl
/* error:1408F10B:SSL routines:ssl3_get_record:wrong version number */
//       ^^^^^^^^ - constant.numeric.error-code.openssl
int code = SSL_ERROR_SYSCALL; // error:0A00010B:SSL routines::wrong version number
//         ^^^^^^^^^^^^^^^^^ constant.language.ssl-error.openssl
//                                     ^^^^^^^^ - constant.numeric.error-code.openssl
