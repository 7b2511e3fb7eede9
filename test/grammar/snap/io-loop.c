#include <openssl/ssl.h>

int pump(SSL *ssl, char *buf, int len)
{
    int n = SSL_read(ssl, buf, len);
    switch (SSL_get_error(ssl, n)) {
    case SSL_ERROR_NONE:
        return n;
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        return 0; /* retry with the same arguments: SSL_ERROR_WANT_READ */
    case SSL_ERROR_ZERO_RETURN:
        return -1;
    default:
        fprintf(stderr, "SSL_ERROR_SSL or SSL_ERROR_SYSCALL\n");
        return -2;
    }
}
