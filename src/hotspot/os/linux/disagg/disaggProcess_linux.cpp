/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * DO NOT ALTER OR REMOVE COPYRIGHT NOTICES OR THIS FILE HEADER.
 *
 * This code is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License version 2 only, as
 * published by the Free Software Foundation.
 *
 * This code is distributed in the hope that it will be useful, but WITHOUT
 * ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or
 * FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * version 2 for more details (a copy is included in the LICENSE file that
 * accompanied this code).
 */

#include "jvm_io.h"
#include "disagg/disaggProcess_linux.hpp"
#include "memory/allocation.hpp"
#include "runtime/os.hpp"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

int DisaggProcess::_server_pid = -1;
int DisaggProcess::_server_stdin = -1;
int DisaggProcess::_server_stdout = -1;

bool DisaggProcess::random_bytes(void* buf, size_t len) {
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  size_t got = 0;
  while (got < len) {
    ssize_t n = ::read(fd, (char*)buf + got, len - got);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) {
        continue;
      }
      ::close(fd);
      return false;
    }
    got += (size_t)n;
  }
  ::close(fd);
  return true;
}

ssize_t DisaggProcess::read_small_file(const char* path, char* buf, size_t len, char* err, size_t err_len) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    jio_snprintf(err, err_len, "cannot read '%s': %s", path, os::strerror(errno));
    return -1;
  }
  size_t got = 0;
  while (got < len) {
    ssize_t n = ::read(fd, buf + got, len - got);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    got += (size_t)n;
  }
  char extra;
  bool more = ::read(fd, &extra, 1) > 0;
  ::close(fd);
  while (got > 0 && (buf[got - 1] == '\n' || buf[got - 1] == '\r')) {
    got--;
  }
  if (more) {
    jio_snprintf(err, err_len, "'%s' is longer than %zu bytes", path, len);
    return -1;
  }
  if (got == 0) {
    jio_snprintf(err, err_len, "'%s' is empty", path);
    return -1;
  }
  return (ssize_t)got;
}

bool DisaggProcess::spawn_memserver(const char* launcher, const char* cds_archive, size_t capacity,
                                    const char* token, const char* log_path, char* err, size_t err_len) {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
    jio_snprintf(err, err_len, "cannot create pipes: %s", os::strerror(errno));
    return false;
  }
  char cap[32];
  jio_snprintf(cap, sizeof(cap), "%zu", capacity);
  // No admin endpoint: the VM reports for its private server (-Xlog:disagg,
  // jcmd Disagg.info, the MXBean), and starting Netty for one nobody can
  // find cost 150 of the server's 420 ms of start-up CPU, taken from the
  // program on a small machine.
  // With our launcher (cds_archive given), the server's VM logs to its
  // standard error (the log file): its standard output is where the ready
  // line comes. Another command (-XX:DisaggMemServerCommand) gets no -J.
  char cds[JVM_MAXPATHLEN + 32];
  jio_snprintf(cds, sizeof(cds), "-J-XX:SharedArchiveFile=%s", cds_archive != nullptr ? cds_archive : "");
  const char* argv[20];
  int argc = 0;
  argv[argc++] = launcher;
  if (cds_archive != nullptr) {
    argv[argc++] = "-J-Xlog:disable";
    // Not cds or aot: with our archive, every start reports at error level
    // that the launcher's main module differs from the default archive's
    // dump, so the archived module graph is not used (its classes are).
    argv[argc++] = "-J-Xlog:all=warning,cds=off,aot=off:stderr";
    argv[argc++] = cds;
  }
  const char* rest[] = {"memserver", "--listen", "127.0.0.1:0", "--admin-port", "-1", "--capacity", cap,
                        "--token-file", "-", "--exit-on-stdin-eof", "--log-level", "warn"};
  for (size_t i = 0; i < ARRAY_SIZE(rest); i++) {
    argv[argc++] = rest[i];
  }
  argv[argc] = nullptr;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  // Not O_CLOEXEC: this opens the server's own standard error, which exec
  // must keep. (It did close it: the server ran with no fd 2, the next file
  // its JVM opened became fd 2, and its log stayed empty.)
  posix_spawn_file_actions_addopen(&fa, 2, log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  // Its own process group: a Ctrl-C at the terminal goes to the VM, which
  // then ends the server through the pipe, in order.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  // The server is on this host: UCX 1.13 cannot use its shared-memory
  // transports with the peer error handling both ends need, yet with UCX's
  // default (all) it sets them up anyway, which costs RSS. Loopback tcp,
  // unless the user chose (the VM's own side: DisaggUcxTransport::create).
  size_t env_count = 0;
  while (environ[env_count] != nullptr) {
    env_count++;
  }
  char** envp = NEW_C_HEAP_ARRAY(char*, env_count + 2, mtDisagg);
  memcpy(envp, environ, env_count * sizeof(char*));
  static char tcp_only[] = "UCX_TLS=tcp";
  envp[env_count] = ::getenv("UCX_TLS") == nullptr ? tcp_only : nullptr;
  envp[env_count + 1] = nullptr;
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, launcher, &fa, &attr, (char* const*)argv, envp);
  FREE_C_HEAP_ARRAY(char*, envp);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  ::close(in[0]);
  ::close(out[1]);
  if (rc != 0) {
    ::close(in[1]);
    ::close(out[0]);
    jio_snprintf(err, err_len, "cannot start '%s': %s", launcher, os::strerror(rc));
    return false;
  }
  _server_pid = pid;
  _server_stdin = in[1];
  size_t tl = strlen(token);
  if (::write(in[1], token, tl) != (ssize_t)tl || ::write(in[1], "\n", 1) != 1) {
    jio_snprintf(err, err_len, "cannot hand the token to the embedded memory server: %s", os::strerror(errno));
    stop_memserver();
    ::close(out[0]);
    return false;
  }
  _server_stdout = out[0];
  return true;
}

DisaggProcess::Ready DisaggProcess::wait_memserver(const char* launcher, const char* log_path, volatile bool* stop,
                                                   char* address, size_t address_len, char* err, size_t err_len) {
  assert(_server_stdout >= 0, "no server spawned, or already waited for");
  // Wait for "disagg memserver ready listen=HOST:PORT ..." (the server is a
  // JVM: give it time on a loaded machine), in slices, so that a VM that
  // ends first need not wait.
  // Other lines before it (a JVM warning) are skipped.
  static const char ReadyPrefix[] = "disagg memserver ready ";
  char line[512];
  size_t len = 0;
  jlong deadline = os::javaTimeNanos() + 60 * NANOSECS_PER_SEC;
  bool ready = false;
  while (!ready && !*stop) {
    if (os::javaTimeNanos() > deadline) {
      break;
    }
    struct pollfd p = {_server_stdout, POLLIN, 0};
    if (::poll(&p, 1, 10) <= 0) {
      continue;
    }
    ssize_t n = ::read(_server_stdout, line + len, sizeof(line) - 1 - len);
    if (n <= 0) {
      break;  // the server exited
    }
    len += (size_t)n;
    line[len] = '\0';
    char* nl;
    while (!ready && (nl = strchr(line, '\n')) != nullptr) {
      if (strncmp(line, ReadyPrefix, sizeof(ReadyPrefix) - 1) == 0) {
        ready = true;
      } else {
        len -= (size_t)(nl + 1 - line);
        memmove(line, nl + 1, len + 1);
      }
    }
    if (!ready && len == sizeof(line) - 1) {
      len = 0;  // a line too long to be the ready line
    }
  }
  ::close(_server_stdout);
  _server_stdout = -1;
  if (*stop && !ready) {
    return Ready::Stopped;
  }
  line[len] = '\0';
  const char* at = strstr(line, "listen=");
  if (!ready || at == nullptr) {
    jio_snprintf(err, err_len, "the embedded memory server (%s memserver) did not start; see %s", launcher, log_path);
    stop_memserver();
    return Ready::Failed;
  }
  at += strlen("listen=");
  size_t n = strcspn(at, " \n");
  if (n + 1 > address_len) {
    jio_snprintf(err, err_len, "the embedded memory server reported a bad address");
    stop_memserver();
    return Ready::Failed;
  }
  memcpy(address, at, n);
  address[n] = '\0';
  return Ready::Yes;
}

void DisaggProcess::stop_memserver() {
  if (_server_stdin >= 0) {
    ::close(_server_stdin);  // the server exits on end of input
    _server_stdin = -1;
  }
  if (_server_pid > 0) {
    // Reap it if it is already gone; otherwise it exits on its own.
    int status;
    ::waitpid(_server_pid, &status, WNOHANG);
    _server_pid = -1;
  }
}
