#!/usr/bin/env bash
# Fetches the real-world corpus for `npm run bench` (lint-corpus): the Debian sources of programs that use
# OpenSSL, unpacked into .cache/corpus/<package>/ (ignored by git; never commit that code). Needs root for
# the deb-src entry and apt-get update; re-running skips packages already present.
set -euo pipefail
cd "$(dirname "$0")/../.."
packages=(curl nginx haproxy openssl postfix exim4 lighttpd mosquitto redis libevent socat stunnel4 unbound wget libwebsockets openldap)
sources=/etc/apt/sources.list.d/openssl-doctor-deb-src.sources
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null; then
  cat > "$sources" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get update -qq
fi
mkdir -p .cache/corpus
for package in "${packages[@]}"; do
  if [ -d ".cache/corpus/$package" ] && [ -n "$(ls -A ".cache/corpus/$package")" ]; then continue; fi
  mkdir -p ".cache/corpus/$package"
  (cd ".cache/corpus/$package" && apt-get source -qq "$package" >/dev/null 2>&1 && rm -f ./*.dsc ./*.tar.* ./*.diff.gz) || echo "fetch-corpus: $package failed" >&2
done
du -sh .cache/corpus
