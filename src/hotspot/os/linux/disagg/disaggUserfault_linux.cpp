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
#include "runtime/os.hpp"
#include "disagg/disaggUserfault_linux.hpp"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

// Constants newer than the build's kernel headers (values from the
// kernel's include/uapi/linux/userfaultfd.h).
#ifndef UFFD_FEATURE_SIGBUS
#define UFFD_FEATURE_SIGBUS (1 << 7)
#endif
#ifndef UFFD_FEATURE_MOVE
#define UFFD_FEATURE_MOVE (1 << 16)
#endif
#ifndef UFFDIO_MOVE
struct uffdio_move {
  __u64 dst;
  __u64 src;
  __u64 len;
  __u64 mode;
  __s64 move;
};
#define _UFFDIO_MOVE (0x05)
#define UFFDIO_MOVE _IOWR(UFFDIO, _UFFDIO_MOVE, struct uffdio_move)
#endif
#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef SYS_userfaultfd
#define SYS_userfaultfd 323
#endif
#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

int DisaggUserfault::_fd = -1;
bool DisaggUserfault::_sigbus = false;

static int uffd_syscall(int flags) {
  return (int)::syscall(SYS_userfaultfd, flags);
}

bool DisaggUserfault::available(char* why, size_t why_len) {
  int fd = uffd_syscall(O_CLOEXEC | O_NONBLOCK);
  if (fd < 0 && errno == EPERM) {
    fd = uffd_syscall(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
  }
  if (fd < 0) {
    int e = errno;
    jio_snprintf(why, why_len, "userfaultfd is not available to this process (%s); run as root, or set "
             "sysctl vm.unprivileged_userfaultfd=1, or grant access to /dev/userfaultfd", os::strerror(e));
    return false;
  }
  ::close(fd);
  return true;
}

int DisaggUserfault::open(bool sigbus_mode, const char** missing) {
  *missing = nullptr;
  int fd = uffd_syscall(O_CLOEXEC | O_NONBLOCK);
  if (fd < 0 && errno == EPERM) {
    fd = uffd_syscall(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
  }
  if (fd < 0) {
    *missing = "the userfaultfd system call";
    return errno;
  }
  // Probe what the kernel offers, then ask for what we need.
  struct uffdio_api probe;
  memset(&probe, 0, sizeof(probe));
  probe.api = UFFD_API;
  if (::ioctl(fd, UFFDIO_API, &probe) != 0) {
    int e = errno;
    ::close(fd);
    *missing = "UFFDIO_API";
    return e;
  }
  ::close(fd);
  const uint64_t need = UFFD_FEATURE_MOVE | (sigbus_mode ? UFFD_FEATURE_SIGBUS : 0);
  if ((probe.features & UFFD_FEATURE_MOVE) == 0) {
    *missing = "UFFDIO_MOVE (Linux 6.8 or later)";
    return EOPNOTSUPP;
  }
  if (sigbus_mode && (probe.features & UFFD_FEATURE_SIGBUS) == 0) {
    *missing = "UFFD_FEATURE_SIGBUS (Linux 4.14 or later)";
    return EOPNOTSUPP;
  }
  fd = uffd_syscall(O_CLOEXEC | O_NONBLOCK);
  if (fd < 0 && errno == EPERM) {
    fd = uffd_syscall(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
  }
  if (fd < 0) {
    *missing = "the userfaultfd system call";
    return errno;
  }
  struct uffdio_api api;
  memset(&api, 0, sizeof(api));
  api.api = UFFD_API;
  api.features = need;
  if (::ioctl(fd, UFFDIO_API, &api) != 0) {
    int e = errno;
    ::close(fd);
    *missing = "the userfaultfd features SIGBUS and MOVE";
    return e;
  }
  _fd = fd;
  _sigbus = sigbus_mode;
  return 0;
}

void DisaggUserfault::close() {
  if (_fd >= 0) {
    ::close(_fd);
    _fd = -1;
  }
}

int DisaggUserfault::register_missing(uintptr_t start, size_t len) {
  struct uffdio_register r;
  memset(&r, 0, sizeof(r));
  r.range.start = start;
  r.range.len = len;
  r.mode = UFFDIO_REGISTER_MODE_MISSING;
  return ::ioctl(_fd, UFFDIO_REGISTER, &r) == 0 ? 0 : errno;
}

int DisaggUserfault::unregister(uintptr_t start, size_t len) {
  struct uffdio_range r;
  r.start = start;
  r.len = len;
  return ::ioctl(_fd, UFFDIO_UNREGISTER, &r) == 0 ? 0 : errno;
}

int DisaggUserfault::copy(uintptr_t dst, const void* src, size_t len, size_t* done) {
  struct uffdio_copy c;
  memset(&c, 0, sizeof(c));
  c.dst = dst;
  c.src = (uintptr_t)src;
  c.len = len;
  // In SIGBUS mode nobody sleeps on the range; in handler-thread mode the
  // caller wakes the range once all of a batch is in place.
  c.mode = UFFDIO_COPY_MODE_DONTWAKE;
  int rc = ::ioctl(_fd, UFFDIO_COPY, &c) == 0 ? 0 : errno;
  *done = c.copy > 0 ? (size_t)c.copy : 0;
  return rc;
}

int DisaggUserfault::move(uintptr_t dst, uintptr_t src, size_t len, size_t* done) {
  struct uffdio_move m;
  memset(&m, 0, sizeof(m));
  m.dst = dst;
  m.src = src;
  m.len = len;
  m.mode = UFFDIO_COPY_MODE_DONTWAKE;  // same bit as UFFDIO_MOVE_MODE_DONTWAKE
  int rc = ::ioctl(_fd, UFFDIO_MOVE, &m) == 0 ? 0 : errno;
  *done = m.move > 0 ? (size_t)m.move : 0;
  return rc;
}

int DisaggUserfault::wake(uintptr_t start, size_t len) {
  struct uffdio_range r;
  r.start = start;
  r.len = len;
  return ::ioctl(_fd, UFFDIO_WAKE, &r) == 0 ? 0 : errno;
}

int DisaggUserfault::read_fault(uintptr_t* addr, int timeout_ms) {
  *addr = 0;
  struct pollfd p;
  p.fd = _fd;
  p.events = POLLIN;
  p.revents = 0;
  int n = ::poll(&p, 1, timeout_ms);
  if (n <= 0) {
    return n == 0 || errno == EINTR ? 0 : errno;
  }
  struct uffd_msg msg;
  ssize_t r = ::read(_fd, &msg, sizeof(msg));
  if (r != (ssize_t)sizeof(msg)) {
    return r < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : (r < 0 ? errno : EIO);
  }
  if (msg.event == UFFD_EVENT_PAGEFAULT) {
    *addr = (uintptr_t)msg.arg.pagefault.address;
  }
  return 0;
}

int DisaggUserfault::discard(uintptr_t start, size_t len) {
  return ::madvise((void*)start, len, MADV_DONTNEED) == 0 ? 0 : errno;
}

int DisaggUserfault::residency(uintptr_t start, size_t len, unsigned char* vec) {
  return ::mincore((void*)start, len, vec) == 0 ? 0 : errno;
}

int DisaggUserfault::no_huge_pages(uintptr_t start, size_t len) {
  return ::madvise((void*)start, len, MADV_NOHUGEPAGE) == 0 ? 0 : errno;
}

void* DisaggUserfault::map_anonymous(size_t len) {
  void* p = ::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

void DisaggUserfault::unmap(void* addr, size_t len) {
  ::munmap(addr, len);
}

void DisaggUserfault::futex_wait(volatile int* word, int expected, jlong timeout_ns) {
  struct timespec ts;
  ts.tv_sec = (time_t)(timeout_ns / 1000000000);
  ts.tv_nsec = (long)(timeout_ns % 1000000000);
  ::syscall(SYS_futex, (int*)word, FUTEX_WAIT_PRIVATE, expected, &ts, nullptr, 0);
}

void DisaggUserfault::futex_wake(volatile int* word, int n) {
  ::syscall(SYS_futex, (int*)word, FUTEX_WAKE_PRIVATE, n, nullptr, nullptr, 0);
}
