/*
 * Copyright (c) 2026, Disagg JDK Project. All rights reserved.
 * DO NOT ALTER OR REMOVE COPYRIGHT NOTICES OR THIS FILE HEADER.
 *
 * This code is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License version 2 only, as
 * published by the Free Software Foundation.
 */

/*
 * What taking pages away from a process costs, per page, with and without a
 * thread of the same process busy on another CPU (then every call that
 * clears page-table entries must shoot down that CPU's TLB with an IPI).
 * The pager's choices rest on these numbers (docs/far-memory-heap.md,
 * "Eviction"):
 *
 *   madvise(MADV_DONTNEED), 1 / 16 / 64 pages per call
 *   UFFDIO_MOVE, 1 / 16 / 64 contiguous pages per call
 *   UFFDIO_MOVE over a span where every other page is a hole
 *   UFFDIO_COPY of one page (adds a page: nothing to shoot down)
 *
 *   gcc -O2 -pthread benchmarks/probes/tlb_shootdown.c -o /tmp/tlb_shootdown && /tmp/tlb_shootdown
 *
 * Needs Linux 6.8 or later (UFFDIO_MOVE), two CPUs, and userfaultfd for the
 * caller (root, or vm.unprivileged_userfaultfd=1).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PG 4096UL
#define N 16384UL

#ifndef UFFDIO_MOVE
struct uffdio_move { __u64 dst, src, len, mode; __s64 move; };
#define UFFDIO_MOVE _IOWR(UFFDIO, 0x05, struct uffdio_move)
#define UFFD_FEATURE_MOVE (1 << 16)
#define UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES (1 << 1)
#endif

static volatile int stop;
static char* spin_buf;
static int uffd;

static void* spin(void* arg) {
  cpu_set_t s;
  CPU_ZERO(&s);
  CPU_SET(1, &s);
  sched_setaffinity(0, sizeof s, &s);
  while (!stop) {
    for (int i = 0; i < 64; i++) spin_buf[i * 64]++;
  }
  return NULL;
}

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static char* map(void) {
  char* p = mmap(NULL, N * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) { perror("mmap"); exit(1); }
  madvise(p, N * PG, MADV_NOHUGEPAGE);
  return p;
}

static void touch(char* p, size_t step) {
  for (size_t i = 0; i < N; i += step) p[i * PG] = 1;
}

static void reg(char* p) {
  struct uffdio_register r = { .range = { (unsigned long)p, N * PG }, .mode = UFFDIO_REGISTER_MODE_MISSING };
  if (ioctl(uffd, UFFDIO_REGISTER, &r)) { perror("UFFDIO_REGISTER"); exit(1); }
}

static void unreg(char* p) {
  struct uffdio_range r = { (unsigned long)p, N * PG };
  ioctl(uffd, UFFDIO_UNREGISTER, &r);
  munmap(p, N * PG);
}

static void move(char* dst, char* src, size_t len, int mode) {
  struct uffdio_move m = { (unsigned long)dst, (unsigned long)src, len, mode, 0 };
  if (ioctl(uffd, UFFDIO_MOVE, &m)) { perror("UFFDIO_MOVE"); exit(1); }
}

static void run(int busy) {
  for (size_t batch = 1; batch <= 64; batch *= (batch == 1 ? 16 : 4)) {
    char* a = map();
    touch(a, 1);
    double t0 = now_ns();
    for (size_t i = 0; i < N; i += batch) madvise(a + i * PG, batch * PG, MADV_DONTNEED);
    printf("%-5s madvise(DONTNEED), %2zu pages per call        %6.2f us/page\n",
           busy ? "busy" : "idle", batch, (now_ns() - t0) / N / 1e3);
    munmap(a, N * PG);

    char* src = map();
    char* dst = map();
    touch(src, 1);
    reg(src);
    reg(dst);
    t0 = now_ns();
    for (size_t i = 0; i < N; i += batch) move(dst + i * PG, src + i * PG, batch * PG, 0);
    printf("%-5s UFFDIO_MOVE, %2zu contiguous pages per call  %6.2f us/page\n",
           busy ? "busy" : "idle", batch, (now_ns() - t0) / N / 1e3);
    unreg(src);
    unreg(dst);
  }
  char* src = map();
  char* dst = map();
  touch(src, 2);
  reg(src);
  reg(dst);
  double t0 = now_ns();
  for (size_t i = 0; i < N; i += 128) move(dst + i * PG, src + i * PG, 128 * PG, UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES);
  printf("%-5s UFFDIO_MOVE, 128-page spans, every other page a hole %6.2f us/page moved\n",
         busy ? "busy" : "idle", (now_ns() - t0) / (N / 2) / 1e3);
  unreg(src);
  unreg(dst);

  src = map();
  dst = map();
  touch(src, 1);
  reg(dst);
  t0 = now_ns();
  for (size_t i = 0; i < N / 4; i++) {
    struct uffdio_copy c = { (unsigned long)dst + i * PG, (unsigned long)src + i * PG, PG, 0, 0 };
    if (ioctl(uffd, UFFDIO_COPY, &c)) { perror("UFFDIO_COPY"); exit(1); }
  }
  printf("%-5s UFFDIO_COPY, one page per call            %6.2f us/page\n",
         busy ? "busy" : "idle", (now_ns() - t0) / (N / 4) / 1e3);
  munmap(src, N * PG);
  unreg(dst);
}

int main(void) {
  cpu_set_t s;
  CPU_ZERO(&s);
  CPU_SET(0, &s);
  sched_setaffinity(0, sizeof s, &s);
  uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
  struct uffdio_api api = { .api = UFFD_API, .features = UFFD_FEATURE_MOVE };
  if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api)) { perror("userfaultfd with UFFD_FEATURE_MOVE"); return 1; }
  spin_buf = aligned_alloc(PG, PG);
  run(0);
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  usleep(10000);
  run(1);
  stop = 1;
  pthread_join(t, NULL);
  return 0;
}
