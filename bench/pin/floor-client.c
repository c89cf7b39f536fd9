/*
 * The floor for `imagepin pin --dry-run`, as a compiled program: the same registry requests as imagepin makes, made as
 * cheaply as this machine allows, so that the whole process (start-up included) can be compared with imagepin's.
 *
 * Reads image references (HOST:PORT/REPO:TAG, one a line) and asks the plain-HTTP registry for each one's digest with
 * one manifest GET (the Accept header imagepin sends) over CONNECTIONS keep-alive connections in parallel (imagepin
 * keeps up to 6 per registry), hashes each body with SHA-256 (as imagepin proves digests) and prints
 * "REFERENCE<TAB>sha256:…" ("failed" when the answer is not 200 or the digest header disagrees). No ping, no retries, no
 * TLS probe, no parsing of files. Bodies must carry Content-Length (the distribution registry's manifests do).
 * Prints on standard error the milliseconds from the first connection to the last response ("requests: N ms").
 *
 * Usage: floor-client REFERENCES_FILE [CONNECTIONS]
 * Build: cc -O2 -o floor-client floor-client.c -lcrypto -lpthread   (Debian: gcc, libssl-dev)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BODY (4 * 1024 * 1024)
#define MAX_HEADERS 16384

static const char *ACCEPT =
    "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

static char **references;
static char **results;
static int count;
static atomic_int next_index;

struct connection {
    int fd;
    char host[256];
    char buffer[MAX_HEADERS];
    size_t have; /* bytes read past the previous response */
};

static int connect_to(const char *authority)
{
    char host[256], port[16] = "80";
    const char *colon = strrchr(authority, ':');
    size_t length = colon ? (size_t)(colon - authority) : strlen(authority);
    if (length >= sizeof host) return -1;
    memcpy(host, authority, length);
    host[length] = 0;
    if (colon) snprintf(port, sizeof port, "%s", colon + 1);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *found;
    if (getaddrinfo(host, port, &hints, &found) != 0) return -1;
    int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
    if (fd >= 0 && connect(fd, found->ai_addr, found->ai_addrlen) != 0) { close(fd); fd = -1; }
    freeaddrinfo(found);
    if (fd >= 0) { int one = 1; setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); }
    return fd;
}

static int send_all(int fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t sent = send(fd, data, length, MSG_NOSIGNAL);
        if (sent <= 0) return -1;
        data += sent;
        length -= (size_t)sent;
    }
    return 0;
}

/* A header's value (trimmed) into out, or 0 when absent. */
static int header(const char *headers, const char *name, char *out, size_t size)
{
    size_t name_length = strlen(name);
    for (const char *line = strstr(headers, "\r\n"); line && line[2]; line = strstr(line + 2, "\r\n")) {
        const char *start = line + 2;
        if (strncasecmp(start, name, name_length) != 0 || start[name_length] != ':') continue;
        start += name_length + 1;
        while (*start == ' ') start++;
        const char *end = strstr(start, "\r\n");
        size_t length = (size_t)(end - start);
        if (length >= size) return 0;
        memcpy(out, start, length);
        out[length] = 0;
        return 1;
    }
    return 0;
}

/* One GET on the worker's connection; the digest of the body or "failed". */
static char *ask(struct connection *c, const char *reference)
{
    char authority[256], repository[1024], tag[256];
    const char *slash = strchr(reference, '/'), *colon = strrchr(reference, ':');
    if (!slash || !colon || colon < slash) return strdup("failed");
    snprintf(authority, sizeof authority, "%.*s", (int)(slash - reference), reference);
    snprintf(repository, sizeof repository, "%.*s", (int)(colon - slash - 1), slash + 1);
    snprintf(tag, sizeof tag, "%s", colon + 1);
    if (c->fd < 0 || strcmp(c->host, authority) != 0) {
        if (c->fd >= 0) close(c->fd);
        c->fd = connect_to(authority);
        c->have = 0;
        snprintf(c->host, sizeof c->host, "%s", authority);
        if (c->fd < 0) return strdup("failed");
    }
    char request[2048];
    int length = snprintf(request, sizeof request, "GET /v2/%s/manifests/%s HTTP/1.1\r\nHost: %s\r\nAccept: %s\r\n\r\n",
                          repository, tag, authority, ACCEPT);
    if (send_all(c->fd, request, (size_t)length) != 0) return strdup("failed");

    char *end;
    c->buffer[c->have] = 0;
    while (!(end = strstr(c->buffer, "\r\n\r\n"))) {
        if (c->have >= sizeof c->buffer - 1) return strdup("failed");
        ssize_t got = recv(c->fd, c->buffer + c->have, sizeof c->buffer - 1 - c->have, 0);
        if (got <= 0) return strdup("failed");
        c->have += (size_t)got;
        c->buffer[c->have] = 0;
    }
    size_t header_length = (size_t)(end - c->buffer) + 4;
    end[2] = 0; /* headers end with their last CRLF */
    int status = atoi(c->buffer + 9);
    char value[256], digest_header[256] = "";
    if (!header(c->buffer, "Content-Length", value, sizeof value)) return strdup("failed");
    long body_length = atol(value);
    if (body_length < 0 || body_length > MAX_BODY) return strdup("failed");
    header(c->buffer, "Docker-Content-Digest", digest_header, sizeof digest_header);

    unsigned char *body = malloc((size_t)body_length + 1);
    size_t from_buffer = c->have - header_length < (size_t)body_length ? c->have - header_length : (size_t)body_length;
    memcpy(body, c->buffer + header_length, from_buffer);
    size_t filled = from_buffer;
    while (filled < (size_t)body_length) {
        ssize_t got = recv(c->fd, body + filled, (size_t)body_length - filled, 0);
        if (got <= 0) { free(body); return strdup("failed"); }
        filled += (size_t)got;
    }
    /* Keep what came after this body (nothing, with one request at a time, but do not lose it). */
    size_t rest = c->have - header_length - from_buffer;
    memmove(c->buffer, c->buffer + header_length + from_buffer, rest);
    c->have = rest;

    unsigned char hash[SHA256_DIGEST_LENGTH];
    SHA256(body, (size_t)body_length, hash);
    free(body);
    char *digest = malloc(7 + 2 * SHA256_DIGEST_LENGTH + 1);
    strcpy(digest, "sha256:");
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) sprintf(digest + 7 + 2 * i, "%02x", hash[i]);
    if (status != 200 || (digest_header[0] && strcmp(digest_header, digest) != 0)) { free(digest); return strdup("failed"); }
    return digest;
}

static void *worker(void *unused)
{
    (void)unused;
    struct connection *c = calloc(1, sizeof *c);
    c->fd = -1;
    for (int i; (i = atomic_fetch_add(&next_index, 1)) < count;) results[i] = ask(c, references[i]);
    if (c->fd >= 0) close(c->fd);
    free(c);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: floor-client REFERENCES_FILE [CONNECTIONS]\n"); return 2; }
    FILE *file = fopen(argv[1], "r");
    if (!file) { perror(argv[1]); return 2; }
    int capacity = 256;
    references = malloc(sizeof *references * (size_t)capacity);
    char line[2048];
    while (fgets(line, sizeof line, file)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0]) continue;
        if (count == capacity) references = realloc(references, sizeof *references * (size_t)(capacity *= 2));
        references[count++] = strdup(line);
    }
    fclose(file);
    results = calloc((size_t)count + 1, sizeof *results);
    int connections = argc > 2 ? atoi(argv[2]) : 6;
    if (connections < 1) connections = 1;
    if (connections > count) connections = count > 0 ? count : 1;

    struct timespec started, ended;
    clock_gettime(CLOCK_MONOTONIC, &started);
    pthread_t *threads = malloc(sizeof *threads * (size_t)connections);
    for (int i = 0; i < connections; i++) pthread_create(&threads[i], NULL, worker, NULL);
    for (int i = 0; i < connections; i++) pthread_join(threads[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &ended);

    for (int i = 0; i < count; i++) printf("%s\t%s\n", references[i], results[i] ? results[i] : "failed");
    fprintf(stderr, "requests: %.1f ms\n", (double)(ended.tv_sec - started.tv_sec) * 1e3 + (double)(ended.tv_nsec - started.tv_nsec) / 1e6);
    return 0;
}
