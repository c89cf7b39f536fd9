#!/usr/bin/env bash
# Starts four real OCI registries (CNCF distribution, Debian package docker-registry) on 127.0.0.1
# for the integration tests and exports where they are. Sourced by ./test.sh as root; defines
# infra_teardown. Returns non-zero (and says why) when anything cannot be set up.
#
#   IMAGEPIN_TEST_REGISTRY_OPEN            open registry, plain HTTP
#   IMAGEPIN_TEST_REGISTRY_BASIC           htpasswd Basic auth, plain HTTP on loopback
#   IMAGEPIN_TEST_REGISTRY_BASIC_USER / _PASSWORD
#   IMAGEPIN_TEST_REGISTRY_TOKEN           bearer token auth, plain HTTP; the tests run the issuer
#   IMAGEPIN_TEST_TOKEN_ISSUER_PORT        loopback port the tests' token issuer must listen on (realm http://127.0.0.1:PORT/token)
#   IMAGEPIN_TEST_TOKEN_ISSUER / _SERVICE  the issuer ("iss") and service ("aud") names the registry expects
#   IMAGEPIN_TEST_TOKEN_KEY / _CERT        RS256 signing key (PKCS#8 PEM) and its self-signed certificate (PEM)
#   IMAGEPIN_TEST_TOKEN_USER / _PASSWORD   credentials the tests' issuer accepts
#   IMAGEPIN_TEST_REGISTRY_TLS             HTTPS with a test CA
#   IMAGEPIN_TEST_REGISTRY_TLS_CA          that CA (PEM)
#   IMAGEPIN_TEST_OSV_URL                  nginx (Debian package) serving IMAGEPIN_TEST_OSV_ROOT over plain HTTP on a port
#   IMAGEPIN_TEST_OSV_ROOT                 in 15010-15019, with ETag/Last-Modified and 304s: the OSV mirror db update reads

_imagepin_infra_ports=(15000 15001 15002 15003)
_imagepin_issuer_port=15004
_imagepin_infra_pids=()

_imagepin_infra_fail() { echo "tests/infra/setup.sh: $*" >&2; return 1; }

_imagepin_infra_install() {
  local missing=()
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v skopeo >/dev/null || missing+=(skopeo)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  command -v curl >/dev/null || missing+=(curl)
  # The completion scripts' syntax checks (imagepin completion zsh|fish).
  command -v zsh >/dev/null || missing+=(zsh)
  command -v fish >/dev/null || missing+=(fish)
  # Lint of action.yml, the workflows and the CI examples.
  command -v yamllint >/dev/null || missing+=(yamllint)
  command -v shellcheck >/dev/null || missing+=(shellcheck)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "tests/infra/setup.sh: installing ${missing[*]}"
  apt-get update -qq >/dev/null || { _imagepin_infra_fail "apt-get update failed"; return 1; }
  # nginx-light is bookworm's small build; later releases only have nginx.
  if [[ " ${missing[*]} " == *" nginx-light "* ]] && ! apt-cache show nginx-light >/dev/null 2>&1; then
    missing=("${missing[@]/nginx-light/nginx}")
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { _imagepin_infra_fail "apt-get install ${missing[*]} failed"; return 1; }
  # The package may start its own service where systemd runs; the tests use only the instances below.
}

# nginx as a static file server for the OSV exports (db update tests): real ETag, Last-Modified and 304 handling.
_imagepin_osv_server() {
  local d=$1 port="" p
  for p in $(seq 15010 15019); do
    # Not one of this run's ports either: the token issuer's is free until the tests start it.
    [[ " ${_imagepin_infra_ports[*]} $_imagepin_issuer_port " == *" $p "* ]] && continue
    if ! _imagepin_port_in_use "$p"; then port=$p; break; fi
  done
  [ -n "$port" ] || { _imagepin_infra_fail "no free loopback port between 15010 and 15019 for nginx"; return 1; }
  mkdir -p "$d/nginx" "$d/osv-www"
  chmod 755 "$d" "$d/osv-www"
  local user_line=""
  [ "$(id -u)" = 0 ] && user_line="user root;"
  cat >"$d/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid $d/nginx/nginx.pid;
error_log $d/nginx/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $d/nginx/body;
  proxy_temp_path $d/nginx/proxy;
  fastcgi_temp_path $d/nginx/fastcgi;
  uwsgi_temp_path $d/nginx/uwsgi;
  scgi_temp_path $d/nginx/scgi;
  types { application/zip zip; application/json json; text/csv csv; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port;
    root $d/osv-www;
  }
}
EOF
  "$(command -v nginx || echo /usr/sbin/nginx)" -c "$d/nginx/nginx.conf" -p "$d/nginx" >"$d/nginx/stdout.log" 2>&1 &
  _imagepin_infra_pids+=($!)
  local i code=""
  for i in $(seq 1 100); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/missing" 2>/dev/null)
    [ "$code" = 404 ] && break
    sleep 0.1
  done
  [ "$code" = 404 ] || { _imagepin_infra_fail "nginx on 127.0.0.1:$port did not answer (last status '$code'); see $d/nginx/"; return 1; }
  export IMAGEPIN_TEST_OSV_URL=http://127.0.0.1:$port IMAGEPIN_TEST_OSV_ROOT=$d/osv-www
}

_imagepin_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

_imagepin_infra_certs() {
  local d=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=imagepin test CA" \
    -keyout "$d/ca.key" -out "$d/ca.pem" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" || return 1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$d/server.key" -out "$d/server.csr" || return 1
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$d/server.ext"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
    -extfile "$d/server.ext" -out "$d/server.pem" || return 1
  # Token signing: the registry trusts this self-signed certificate (rootcertbundle); tokens carry it in x5c.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=imagepin test token issuer" \
    -keyout "$d/token.key" -out "$d/token.pem" || return 1
}

_imagepin_registry_config() { # name port extra-yaml
  local d=$1 name=$2 port=$3 extra=$4
  mkdir -p "$d/$name/data"
  cat >"$d/$name/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $d/$name/data
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
$extra
EOF
}

_imagepin_wait_for() { # url [curl args...]
  local url=$1; shift
  local i code
  for i in $(seq 1 100); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url" 2>/dev/null)
    case "$code" in 200|401) return 0 ;; esac
    sleep 0.1
  done
  _imagepin_infra_fail "$url did not answer /v2/ (last status '$code'); see its log in $IMAGEPIN_TEST_INFRA_DIR"
}

infra_teardown() {
  local pid
  for pid in "${_imagepin_infra_pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${_imagepin_infra_pids[@]}"; do wait "$pid" 2>/dev/null; done
  _imagepin_infra_pids=()
  [ -n "${IMAGEPIN_TEST_INFRA_DIR:-}" ] && rm -rf "$IMAGEPIN_TEST_INFRA_DIR"
  return 0
}

_imagepin_infra_setup() {
  _imagepin_infra_install || return 1
  # Five consecutive free ports from 15000 up, so two test runs on one machine don't collide.
  local base port busy
  for base in 15000 15010 15020 15030 15040 15050 15060 15070 15080 15090; do
    busy=0
    for port in $base $((base + 1)) $((base + 2)) $((base + 3)) $((base + 4)); do
      if _imagepin_port_in_use "$port"; then busy=1; break; fi
    done
    [ "$busy" -eq 0 ] && break
  done
  if [ "$busy" -ne 0 ]; then
    _imagepin_infra_fail "no five free loopback ports between 15000 and 15094; stop what listens there (ss -ltnp)"; return 1
  fi
  _imagepin_infra_ports=($base $((base + 1)) $((base + 2)) $((base + 3)))
  _imagepin_issuer_port=$((base + 4))

  local d; d=$(mktemp -d /tmp/imagepin-registries.XXXXXX) || return 1
  export IMAGEPIN_TEST_INFRA_DIR=$d
  _imagepin_infra_certs "$d" >"$d/openssl.log" 2>&1 || { _imagepin_infra_fail "openssl failed: $(tail -3 "$d/openssl.log")"; return 1; }

  local user=imagepin password
  password=$(openssl rand -hex 12)
  htpasswd -Bbn "$user" "$password" >"$d/htpasswd" 2>/dev/null || { _imagepin_infra_fail "htpasswd failed"; return 1; }

  local issuer=imagepin-test-issuer service=imagepin-test-registry
  _imagepin_registry_config "$d" open "${_imagepin_infra_ports[0]}" ""
  _imagepin_registry_config "$d" basic "${_imagepin_infra_ports[1]}" "auth:
  htpasswd:
    realm: imagepin-basic
    path: $d/htpasswd"
  _imagepin_registry_config "$d" token "${_imagepin_infra_ports[2]}" "auth:
  token:
    realm: http://127.0.0.1:$_imagepin_issuer_port/token
    service: $service
    issuer: $issuer
    rootcertbundle: $d/token.pem"
  _imagepin_registry_config "$d" tls "${_imagepin_infra_ports[3]}" "  tls:
    certificate: $d/server.pem
    key: $d/server.key"

  local name
  for name in open basic token tls; do
    /usr/bin/docker-registry serve "$d/$name/config.yml" >"$d/$name/registry.log" 2>&1 &
    _imagepin_infra_pids+=($!)
  done

  _imagepin_wait_for "http://127.0.0.1:${_imagepin_infra_ports[0]}/v2/" || return 1
  _imagepin_wait_for "http://127.0.0.1:${_imagepin_infra_ports[1]}/v2/" || return 1
  _imagepin_wait_for "http://127.0.0.1:${_imagepin_infra_ports[2]}/v2/" || return 1
  _imagepin_wait_for "https://127.0.0.1:${_imagepin_infra_ports[3]}/v2/" --cacert "$d/ca.pem" || return 1

  export IMAGEPIN_TEST_REGISTRY_OPEN=127.0.0.1:${_imagepin_infra_ports[0]}
  export IMAGEPIN_TEST_REGISTRY_BASIC=127.0.0.1:${_imagepin_infra_ports[1]}
  export IMAGEPIN_TEST_REGISTRY_BASIC_USER=$user IMAGEPIN_TEST_REGISTRY_BASIC_PASSWORD=$password
  export IMAGEPIN_TEST_REGISTRY_TOKEN=127.0.0.1:${_imagepin_infra_ports[2]}
  export IMAGEPIN_TEST_TOKEN_ISSUER_PORT=$_imagepin_issuer_port
  export IMAGEPIN_TEST_TOKEN_ISSUER=$issuer IMAGEPIN_TEST_TOKEN_SERVICE=$service
  export IMAGEPIN_TEST_TOKEN_KEY=$d/token.key IMAGEPIN_TEST_TOKEN_CERT=$d/token.pem
  export IMAGEPIN_TEST_TOKEN_USER=$user IMAGEPIN_TEST_TOKEN_PASSWORD=$password
  export IMAGEPIN_TEST_REGISTRY_TLS=127.0.0.1:${_imagepin_infra_ports[3]}
  export IMAGEPIN_TEST_REGISTRY_TLS_CA=$d/ca.pem
  _imagepin_osv_server "$d" || return 1
  echo "tests/infra/setup.sh: registries on 127.0.0.1:${_imagepin_infra_ports[*]}, OSV mirror on $IMAGEPIN_TEST_OSV_URL (state in $d)"
}

if ! _imagepin_infra_setup; then
  infra_teardown
  return 1 2>/dev/null || exit 1
fi
