// SYNTAX TEST "source.c" "SSL_ERROR_* constants are scoped in code, never in strings or comments"
int classify(SSL *ssl, int ret)
{
    switch (SSL_get_error(ssl, ret)) {
    case SSL_ERROR_WANT_READ:
//       ^^^^^^^^^^^^^^^^^^ constant.language.ssl-error.openssl
        return 0;
    }
    if (err == SSL_ERROR_SYSCALL || err == SSL_ERROR_ZERO_RETURN)
//             ^^^^^^^^^^^^^^^^^ constant.language.ssl-error.openssl
//                                         ^^^^^^^^^^^^^^^^^^^^^ constant.language.ssl-error.openssl
        puts("SSL_ERROR_SYSCALL"); /* SSL_ERROR_SSL */
//            ^^^^^^^^^^^^^^^^^ - constant.language.ssl-error.openssl
//                                    ^^^^^^^^^^^^^ - constant.language.ssl-error.openssl
    return SSL_ERROR_NOT_A_RESULT;
//         ^^^^^^^^^^^^^^^^^^^^^^ - constant.language.ssl-error.openssl
}
