// libFuzzer front end for a .NET fuzz target run by SharpFuzz in its libFuzzer mode (Fuzzer.LibFuzzer.Run).
//
// libFuzzer runs in this process and mutates inputs; the .NET program runs as a child process. They share one
// System V memory segment: the first 64 KiB are SharpFuzz's edge counters, the rest (1 MiB) carries the input.
// Two pipes carry 4-byte little-endian words: this side writes an input's length on the control pipe, the child
// runs the target on the input and answers a status on the status pipe (0: returned, else: an exception escaped).
// The counters are copied into a section libFuzzer reads as extra coverage, so the .NET code's edges steer it.
// SharpFuzz finds the segment and the pipes through the environment variables named below.
//
// Flags (libFuzzer ignores flags that start with "--"):
//   --exec=PATH     the program to start (e.g. the dotnet host)
//   --arg=VALUE     one argument for it (repeatable, in order)
//
// Build: clang++-14 -O1 -g dotnet-driver.cc /usr/lib/llvm-14/lib/libFuzzer.a -o dotnet-driver   (see fuzz/build.sh)

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#include <signal.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr size_t kCounters = 1u << 16;
constexpr size_t kMaxInput = 1u << 20;
constexpr int kControlFd = 190;  // the child reads lengths here
constexpr int kStatusFd = 191;   // the child writes statuses here

int control_write = -1;
int status_read = -1;
int segment = -1;
uint8_t* shared = nullptr;
pid_t child = -1;

[[noreturn]] void fail(const char* what, bool with_errno) {
  if (with_errno) std::fprintf(stderr, "dotnet-driver: %s: %s\n", what, std::strerror(errno));
  else std::fprintf(stderr, "dotnet-driver: %s\n", what);
  std::exit(1);
}

void release_segment() {
  if (segment >= 0) shmctl(segment, IPC_RMID, nullptr);
  if (child > 0) kill(child, SIGKILL);
}

bool write_word(int fd, uint32_t value) {
  ssize_t n;
  do n = write(fd, &value, sizeof value); while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(sizeof value);
}

// 1: a word was read; 0: the other end closed; -1: error.
int read_word(int fd, uint32_t* value) {
  size_t got = 0;
  auto* bytes = reinterpret_cast<uint8_t*>(value);
  while (got < sizeof *value) {
    ssize_t n = read(fd, bytes + got, sizeof *value - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) return 0;
    got += static_cast<size_t>(n);
  }
  return 1;
}

const char* flag_value(const char* arg, const char* name) {
  size_t length = std::strlen(name);
  return std::strncmp(arg, name, length) == 0 ? arg + length : nullptr;
}

}  // namespace

// Read by libFuzzer as extra coverage counters (the linker defines the section's start and stop symbols).
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t dotnet_counters[kCounters];

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  std::string program;
  std::vector<std::string> arguments;
  for (int i = 1; i < *argc; i++) {
    const char* arg = (*argv)[i];
    if (const char* v = flag_value(arg, "--exec=")) program = v;
    else if (const char* a = flag_value(arg, "--arg=")) arguments.emplace_back(a);
  }
  if (program.empty()) fail("name the .NET program with --exec=PATH (and its arguments with --arg=VALUE)", false);

  int control[2], status[2];
  if (pipe(control) != 0 || pipe(status) != 0) fail("pipe", true);
  segment = shmget(IPC_PRIVATE, kCounters + kMaxInput, IPC_CREAT | IPC_EXCL | 0600);
  if (segment < 0) fail("shmget", true);
  std::atexit(release_segment);
  void* attached = shmat(segment, nullptr, 0);
  if (attached == reinterpret_cast<void*>(-1)) fail("shmat", true);
  shared = static_cast<uint8_t*>(attached);

  child = fork();
  if (child < 0) fail("fork", true);
  if (child == 0) {
    if (dup2(control[0], kControlFd) < 0 || dup2(status[1], kStatusFd) < 0) fail("dup2", true);
    for (int fd : {control[0], control[1], status[0], status[1]}) close(fd);
    setenv("__LIBFUZZER_SHM_ID", std::to_string(segment).c_str(), 1);
    setenv("__LIBFUZZER_CONTROL_PIPE_ID", std::to_string(kControlFd).c_str(), 1);
    setenv("__LIBFUZZER_STATUS_PIPE_ID", std::to_string(kStatusFd).c_str(), 1);
    std::vector<char*> exec_args;
    exec_args.push_back(const_cast<char*>(program.c_str()));
    for (auto& a : arguments) exec_args.push_back(const_cast<char*>(a.c_str()));
    exec_args.push_back(nullptr);
    execvp(program.c_str(), exec_args.data());
    fail("exec", true);
  }
  close(control[0]);
  close(status[1]);
  control_write = control[1];
  status_read = status[0];
  signal(SIGPIPE, SIG_IGN);

  uint32_t ready = 0;  // the child says it is ready before the first input
  if (read_word(status_read, &ready) != 1) fail("the .NET program ended before it was ready (is it a SharpFuzz LibFuzzer.Run target?)", false);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return 0;  // run with -max_len at most 1 MiB; longer inputs are not sent
  std::memset(shared, 0, kCounters);
  std::memcpy(shared + kCounters, data, size);
  if (!write_word(control_write, static_cast<uint32_t>(size))) fail("the .NET program stopped reading inputs", true);
  uint32_t status = 0;
  int got = read_word(status_read, &status);
  std::memcpy(dotnet_counters, shared, kCounters);
  if (got != 1) {
    // The process died on this input (stack overflow, fail-fast, out of memory): a crash of this input.
    int wstatus = 0;
    if (waitpid(child, &wstatus, 0) == child) child = -1;
    std::fprintf(stderr, "dotnet-driver: the .NET program died on this input (wait status %d)\n", wstatus);
    __builtin_trap();
  }
  if (status != 0) __builtin_trap();  // an exception escaped the target; SharpFuzz printed it
  return 0;
}
