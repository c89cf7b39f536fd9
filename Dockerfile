# imagepin's own image: the NativeAOT binary (build/native.sh) on .NET's runtime-deps base, which has what it
# needs to talk to registries (glibc, OpenSSL, CA certificates) and nothing else.
#   docker build -t imagepin .
#   docker run --rm -v "$PWD:/work" imagepin check
#
# Both bases are pinned by digest, with the tag kept for readability. The digests were those of the tags when they
# were written here; `imagepin verify` (CI) says when a tag has moved on and `imagepin update` moves the pins.
FROM mcr.microsoft.com/dotnet/sdk:10.0@sha256:e1ffd2a92ae84c1291bc1b6887501f8af98e6331e7af6d4c8d37168c5e87a64c AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
ARG TARGETARCH
RUN build/native.sh "linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" /out

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0@sha256:69ee6d1a1b7a92cc82a71001342554d4611a509d880114b2d5653ff5e73eb436
COPY --from=build /out/imagepin /usr/local/bin/imagepin
WORKDIR /work
USER $APP_UID
ENTRYPOINT ["imagepin"]
CMD ["check"]
