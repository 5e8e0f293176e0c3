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
#include "disagg/disaggUcxTransport.hpp"
#include "logging/log.hpp"
#include "runtime/os.hpp"
#include "utilities/globalDefinitions.hpp"

#include <netdb.h>
#include <poll.h>
#include <string.h>

// A lane: a UCX worker and one endpoint per server, used by one thread at
// a time. Requests in flight are found by id in a small table; replies are
// delivered by the AM handler, eagerly (copied) or by rendezvous (received
// straight into the request's buffer).
class DisaggUcxLane : public DisaggLane {
  static const int Slots = 1024;  // requests in flight per lane

  struct EpArg {
    DisaggUcxLane* lane;
    int server;
  };

  DisaggUcxTransport* _t;
  ucp_worker_h _worker;
  int _efd;
  ucp_ep_h _eps[DisaggTransport::MaxServers];
  volatile bool _failed[DisaggTransport::MaxServers];
  EpArg _ep_args[DisaggTransport::MaxServers];
  DisaggRequest* _slots[Slots];
  uint64_t _next_id;
  int _outstanding;    // UCX operations (sends, rendezvous receives) not yet completed
  uint8_t _hello[DisaggProtocol::SessionIdSize + DisaggProtocol::MaxToken];
  uint8_t _hello_reply[16];

  static void send_done(void* request, ucs_status_t status, void* user_data);
  static void recv_done(void* request, ucs_status_t status, size_t length, void* user_data);
  static void ep_error(void* arg, ucp_ep_h ep, ucs_status_t status);
  static ucs_status_t on_reply(void* arg, const void* header, size_t header_length,
                               void* data, size_t length, const ucp_am_recv_param_t* param);

  void complete(DisaggRequest* r, DisaggResult result) {
    r->result = result;
    if (r->pending != 0) {
      r->pending = 0;
      _slots[r->id % Slots] = nullptr;
    }
  }
  void post(DisaggRequest* r);
  void close_ep(int server);
  void wait_outstanding(jlong deadline);
  void progress_until(DisaggRequest* requests, int n, jlong deadline);

public:
  explicit DisaggUcxLane(DisaggUcxTransport* t)
    : _t(t), _worker(nullptr), _efd(-1), _next_id(1), _outstanding(0) {
    memset(_eps, 0, sizeof(_eps));
    memset((void*)_failed, 0, sizeof(_failed));
    memset(_slots, 0, sizeof(_slots));
  }
  ~DisaggUcxLane();

  ucs_status_t init();
  // Connects to `server` and says HELLO. Errors as values, message in err.
  DisaggResult connect(int server, jlong timeout_ns, char* err, size_t err_len);
  void execute(DisaggRequest* requests, int n, jlong timeout_ns);
  void bye(jlong timeout_ns);
};

DisaggUcxLane::~DisaggUcxLane() {
  for (int s = 0; s < _t->server_count(); s++) {
    close_ep(s);
  }
  if (_worker != nullptr) {
    DisaggUcx::worker_destroy(_worker);
  }
}

ucs_status_t DisaggUcxLane::init() {
  ucp_worker_params_t wp;
  memset(&wp, 0, sizeof(wp));
  wp.field_mask = UCP_WORKER_PARAM_FIELD_THREAD_MODE;
  wp.thread_mode = UCS_THREAD_MODE_SINGLE;
  ucs_status_t st = DisaggUcx::worker_create(_t->_context, &wp, &_worker);
  if (st != UCS_OK) {
    return st;
  }
  st = DisaggUcx::worker_get_efd(_worker, &_efd);
  if (st != UCS_OK) {
    _efd = -1;  // no wake-up support: the lane polls
  }
  ucp_am_handler_param_t hp;
  memset(&hp, 0, sizeof(hp));
  hp.field_mask = UCP_AM_HANDLER_PARAM_FIELD_ID | UCP_AM_HANDLER_PARAM_FIELD_CB |
                  UCP_AM_HANDLER_PARAM_FIELD_ARG | UCP_AM_HANDLER_PARAM_FIELD_FLAGS;
  hp.id = DisaggProtocol::AmReply;
  hp.flags = UCP_AM_FLAG_WHOLE_MSG;
  hp.cb = on_reply;
  hp.arg = this;
  return DisaggUcx::worker_set_am_recv_handler(_worker, &hp);
}

void DisaggUcxLane::ep_error(void* arg, ucp_ep_h ep, ucs_status_t status) {
  EpArg* a = (EpArg*)arg;
  DisaggUcxLane* lane = a->lane;
  lane->_failed[a->server] = true;
  // Everything waiting on that server fails now rather than at its timeout.
  for (int i = 0; i < Slots; i++) {
    DisaggRequest* r = lane->_slots[i];
    if (r != nullptr && r->server == a->server) {
      lane->complete(r, DisaggResult::Disconnected);
    }
  }
}

void DisaggUcxLane::send_done(void* request, ucs_status_t status, void* user_data) {
  DisaggRequest* r = (DisaggRequest*)user_data;
  DisaggUcxLane* lane = (DisaggUcxLane*)r->transport_state;
  lane->_outstanding--;
  DisaggUcx::request_free(request);
  if (status != UCS_OK && r->pending != 0) {
    lane->complete(r, DisaggResult::Disconnected);
  }
}

void DisaggUcxLane::recv_done(void* request, ucs_status_t status, size_t length, void* user_data) {
  DisaggRequest* r = (DisaggRequest*)user_data;
  DisaggUcxLane* lane = (DisaggUcxLane*)r->transport_state;
  lane->_outstanding--;
  DisaggUcx::request_free(request);
  lane->complete(r, status == UCS_OK ? DisaggResult::Ok : DisaggResult::Disconnected);
}

ucs_status_t DisaggUcxLane::on_reply(void* arg, const void* header, size_t header_length,
                                     void* data, size_t length, const ucp_am_recv_param_t* param) {
  DisaggUcxLane* lane = (DisaggUcxLane*)arg;
  if (header_length < sizeof(DisaggProtocol::Header)) {
    return UCS_OK;  // not ours: drop (a rendezvous payload is dropped by returning UCS_OK)
  }
  DisaggProtocol::Header h;
  memcpy(&h, header, sizeof(h));
  if (h.magic != DisaggProtocol::Magic || (h.op & DisaggProtocol::ReplyBit) == 0) {
    return UCS_OK;
  }
  DisaggRequest* r = lane->_slots[h.id % Slots];
  if (r == nullptr || r->id != h.id || r->pending == 0) {
    return UCS_OK;  // a late reply to a request that timed out
  }
  r->status = h.status;
  r->arg = h.arg;
  if (h.status != DisaggProtocol::Ok) {
    DisaggResult res = h.status == DisaggProtocol::CapacityExhausted ? DisaggResult::CapacityExhausted
                     : h.status == DisaggProtocol::BadToken ? DisaggResult::BadToken
                     : DisaggResult::Refused;
    lane->complete(r, res);
    return UCS_OK;
  }
  size_t expected = r->op == DisaggProtocol::Read ? r->bytes()
                  : r->op == DisaggProtocol::Hello ? sizeof(lane->_hello_reply) : 0;
  if (length != expected) {
    r->status = DisaggProtocol::Malformed;
    lane->complete(r, DisaggResult::Refused);
    return UCS_OK;
  }
  void* dst = r->op == DisaggProtocol::Hello ? (void*)lane->_hello_reply : r->buffer;
  if (length == 0) {
    lane->complete(r, DisaggResult::Ok);
  } else if ((param->recv_attr & UCP_AM_RECV_ATTR_FLAG_RNDV) != 0) {
    ucp_request_param_t rp;
    memset(&rp, 0, sizeof(rp));
    rp.op_attr_mask = UCP_OP_ATTR_FIELD_CALLBACK | UCP_OP_ATTR_FIELD_USER_DATA;
    rp.cb.recv_am = recv_done;
    rp.user_data = r;
    ucs_status_ptr_t p = DisaggUcx::am_recv_data_nbx(lane->_worker, data, dst, length, &rp);
    if (UCS_PTR_IS_ERR(p)) {
      lane->complete(r, DisaggResult::Disconnected);
    } else if (p != nullptr) {
      lane->_outstanding++;  // completes in recv_done
    } else {
      lane->complete(r, DisaggResult::Ok);
    }
  } else {
    memcpy(dst, data, length);
    lane->complete(r, DisaggResult::Ok);
  }
  return UCS_OK;
}

void DisaggUcxLane::post(DisaggRequest* r) {
  r->transport_state = this;
  ucp_ep_h ep = _eps[r->server];
  if (ep == nullptr || _failed[r->server]) {
    r->result = DisaggResult::Disconnected;
    r->pending = 0;
    return;
  }
  uint64_t id = _next_id++;
  int slot = (int)(id % Slots);
  if (_slots[slot] != nullptr) {
    // The table is full of requests older than this one; they time out first.
    r->result = DisaggResult::Timeout;
    r->pending = 0;
    return;
  }
  r->id = id;
  r->header = DisaggProtocol::request(r->op, id, r->page, r->count, r->arg);
  r->pending = 1;
  _slots[slot] = r;
  const void* payload = nullptr;
  size_t len = 0;
  if (r->op == DisaggProtocol::Write) {
    payload = r->buffer;
    len = r->bytes();
  } else if (r->op == DisaggProtocol::Hello) {
    payload = _hello;
    len = DisaggProtocol::SessionIdSize + _t->_token_len;
  }
  ucp_request_param_t sp;
  memset(&sp, 0, sizeof(sp));
  sp.op_attr_mask = UCP_OP_ATTR_FIELD_CALLBACK | UCP_OP_ATTR_FIELD_USER_DATA | UCP_OP_ATTR_FIELD_FLAGS;
  sp.flags = UCP_AM_SEND_FLAG_REPLY;
  sp.cb.send = send_done;
  sp.user_data = r;
  ucs_status_ptr_t p = DisaggUcx::am_send_nbx(ep, DisaggProtocol::AmRequest, &r->header,
                                              sizeof(r->header), payload, len, &sp);
  if (UCS_PTR_IS_ERR(p)) {
    complete(r, DisaggResult::Disconnected);
  } else if (p != nullptr) {
    _outstanding++;  // completes in send_done
  }
}

// Waits by polling: 15 us spinning, then up to 200 us yielding the CPU
// between polls, then sleeping on the worker's event fd. A memory server
// round trip (about 10 us) is shorter than a wake-up across CPUs (about
// 40 us here), so polling wins; but when the answer is late the machine is
// busy, and the threads that yielding lets run include the GC and, with a
// server on the same host, the server that is to answer. Side by side on
// 2 cores (medians of 3 runs, run time / fault p50): caffeine at 50%
// 3.41 s / 22.5 us spinning 200 us, 2.88 s / 43 us yielding at once,
// 3.14 s / 16.4 us spinning 15 us first; jython at 25% 4.86 / 4.17 /
// 4.28 s; linked at 25% 7.94 / 6.42 / 6.67 s. The short spin keeps an
// uncontended fault at the round trip for a few percent of run time.
void DisaggUcxLane::progress_until(DisaggRequest* requests, int n, jlong deadline) {
  jlong start = os::javaTimeNanos();
  jlong spin_until = start + 15 * NANOSECS_PER_MILLISEC / 1000;
  jlong poll_until = start + 200 * NANOSECS_PER_MILLISEC / 1000;
  while (true) {
    bool waiting = false;
    for (int i = 0; i < n; i++) {
      if (requests[i].pending != 0) {
        waiting = true;
        break;
      }
    }
    if (!waiting) {
      return;
    }
    if (DisaggUcx::worker_progress(_worker) != 0) {
      continue;
    }
    jlong now = os::javaTimeNanos();
    if (now >= deadline) {
      return;
    }
    if (now < spin_until) {
      SpinPause();
      continue;
    }
    if (now < poll_until || _efd < 0) {
      os::naked_yield();
      continue;
    }
    // A slow server: sleep on the worker's event fd instead of burning a core.
    if (DisaggUcx::worker_arm(_worker) == UCS_OK) {
      struct pollfd p;
      p.fd = _efd;
      p.events = POLLIN;
      p.revents = 0;
      jlong ms = MIN2((deadline - now) / NANOSECS_PER_MILLISEC + 1, (jlong)10);
      ::poll(&p, 1, (int)ms);
    }
  }
}

void DisaggUcxLane::wait_outstanding(jlong deadline) {
  while (_outstanding > 0 && os::javaTimeNanos() < deadline) {
    if (DisaggUcx::worker_progress(_worker) == 0) {
      os::naked_yield();  // as in progress_until
    }
  }
}

void DisaggUcxLane::close_ep(int server) {
  ucp_ep_h ep = _eps[server];
  if (ep == nullptr) {
    return;
  }
  _eps[server] = nullptr;
  ucp_request_param_t cp;
  memset(&cp, 0, sizeof(cp));
  cp.op_attr_mask = UCP_OP_ATTR_FIELD_FLAGS;
  cp.flags = UCP_EP_CLOSE_FLAG_FORCE;
  ucs_status_ptr_t p = DisaggUcx::ep_close_nbx(ep, &cp);
  if (p != nullptr && UCS_PTR_IS_PTR(p)) {
    jlong deadline = os::javaTimeNanos() + NANOSECS_PER_SEC;
    while (DisaggUcx::request_check_status(p) == UCS_INPROGRESS && os::javaTimeNanos() < deadline) {
      DisaggUcx::worker_progress(_worker);
    }
    DisaggUcx::request_free(p);
  }
}

DisaggResult DisaggUcxLane::connect(int server, jlong timeout_ns, char* err, size_t err_len) {
  close_ep(server);
  _failed[server] = false;
  _ep_args[server].lane = this;
  _ep_args[server].server = server;
  ucp_ep_params_t ep;
  memset(&ep, 0, sizeof(ep));
  ep.field_mask = UCP_EP_PARAM_FIELD_FLAGS | UCP_EP_PARAM_FIELD_SOCK_ADDR |
                  UCP_EP_PARAM_FIELD_ERR_HANDLING_MODE | UCP_EP_PARAM_FIELD_ERR_HANDLER;
  ep.flags = UCP_EP_PARAMS_FLAGS_CLIENT_SERVER;
  ep.sockaddr.addr = (const struct sockaddr*)&_t->_addrs[server];
  ep.sockaddr.addrlen = _t->_addr_lens[server];
  ep.err_mode = UCP_ERR_HANDLING_MODE_PEER;
  ep.err_handler.cb = ep_error;
  ep.err_handler.arg = &_ep_args[server];
  ucs_status_t st = DisaggUcx::ep_create(_worker, &ep, &_eps[server]);
  if (st != UCS_OK) {
    _eps[server] = nullptr;
    jio_snprintf(err, err_len, "cannot connect to %s: %s", _t->server_name(server), DisaggUcx::status_string(st));
    return DisaggResult::Disconnected;
  }
  memcpy(_hello, _t->_session, DisaggProtocol::SessionIdSize);
  memcpy(_hello + DisaggProtocol::SessionIdSize, _t->_token, _t->_token_len);
  DisaggRequest r;
  r.init(DisaggProtocol::Hello, server, 0, 0, nullptr);
  r.arg = _t->_space_pages;
  execute(&r, 1, timeout_ns);
  if (r.result != DisaggResult::Ok) {
    const char* why = r.result == DisaggResult::BadToken ? "the server refused the token (check -XX:DisaggTokenFile)"
                    : r.result == DisaggResult::Refused ? DisaggProtocol::status_name(r.status)
                    : r.result == DisaggResult::Timeout ? "no answer (is a memory server listening there?)"
                    : "the connection failed (is a memory server listening there?)";
    jio_snprintf(err, err_len, "memory server %s: %s", _t->server_name(server), why);
    close_ep(server);
    return r.result;
  }
  uint64_t held;
  uint32_t lease;
  memcpy(&held, _hello_reply, 8);
  memcpy(&lease, _hello_reply + 8, 4);
  _t->_capacity_pages[server] = r.arg;
  if (index() == 0) {
    _t->_held_pages[server] = held;
    _t->_lease_ms = lease;
  }
  return DisaggResult::Ok;
}

void DisaggUcxLane::execute(DisaggRequest* requests, int n, jlong timeout_ns) {
  jlong deadline = os::javaTimeNanos() + timeout_ns;
  // Reconnect what failed, once per call; the caller retries with backoff.
  for (int i = 0; i < n; i++) {
    int s = requests[i].server;
    if (requests[i].op != DisaggProtocol::Hello && (_eps[s] == nullptr || _failed[s])) {
      char err[256];
      connect(s, timeout_ns, err, sizeof(err));
    }
  }
  for (int i = 0; i < n; i++) {
    requests[i].result = DisaggResult::Ok;
    requests[i].status = 0;
    post(&requests[i]);
  }
  progress_until(requests, n, deadline);
  // Whatever is still waiting timed out. Its endpoint may still hold our
  // buffers, so it is closed (forcing UCX to let go of them) and opened
  // again on the next call.
  for (int i = 0; i < n; i++) {
    DisaggRequest* r = &requests[i];
    if (r->pending != 0) {
      complete(r, DisaggResult::Timeout);
      _failed[r->server] = true;
    }
  }
  if (_outstanding > 0) {
    for (int s = 0; s < _t->server_count(); s++) {
      if (_failed[s]) {
        close_ep(s);
      }
    }
    wait_outstanding(os::javaTimeNanos() + NANOSECS_PER_SEC);
  }
  guarantee(_outstanding == 0, "UCX still holds %d operations of lane %d", _outstanding, index());
}

void DisaggUcxLane::bye(jlong timeout_ns) {
  DisaggRequest r[DisaggTransport::MaxServers];
  int n = 0;
  for (int s = 0; s < _t->server_count(); s++) {
    if (_eps[s] != nullptr && !_failed[s]) {
      r[n++].init(DisaggProtocol::Bye, s, 0, 0, nullptr);
    }
  }
  if (n > 0) {
    execute(r, n, timeout_ns);
  }
}

DisaggUcxTransport::DisaggUcxTransport()
  : _context(nullptr), _token(nullptr), _token_len(0), _space_pages(0), _lease_ms(0) {
  memset(_addrs, 0, sizeof(_addrs));
  memset(_addr_lens, 0, sizeof(_addr_lens));
  memset(_capacity_pages, 0, sizeof(_capacity_pages));
  memset(_held_pages, 0, sizeof(_held_pages));
  _description[0] = '\0';
}

DisaggUcxTransport::~DisaggUcxTransport() {
  delete_lanes();  // workers before the context
  if (_context != nullptr) {
    DisaggUcx::cleanup(_context);
  }
  if (_token != nullptr) {
    FREE_C_HEAP_ARRAY(char, _token);
  }
}

static bool resolve(const char* name, struct sockaddr_storage* addr, socklen_t* len, char* err, size_t err_len) {
  char host[64];
  strncpy(host, name, sizeof(host) - 1);
  host[sizeof(host) - 1] = '\0';
  char* colon = strrchr(host, ':');
  *colon = '\0';
  const char* port = colon + 1;
  char* h = host;
  if (h[0] == '[') {  // [::1]:7700
    h++;
    char* close = strchr(h, ']');
    if (close != nullptr) {
      *close = '\0';
    }
  }
  struct addrinfo hints;
  memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  struct addrinfo* res = nullptr;
  int rc = ::getaddrinfo(h, port, &hints, &res);
  if (rc != 0 || res == nullptr) {
    jio_snprintf(err, err_len, "cannot resolve memory server '%s': %s", name, gai_strerror(rc));
    return false;
  }
  memcpy(addr, res->ai_addr, res->ai_addrlen);
  *len = (socklen_t)res->ai_addrlen;
  ::freeaddrinfo(res);
  return true;
}

DisaggUcxTransport* DisaggUcxTransport::create(const char* servers, const char* token, size_t token_len,
                                               const uint8_t session[DisaggProtocol::SessionIdSize],
                                               uint64_t space_pages, int lanes, jlong timeout_ns,
                                               const char* default_tls, char* err, size_t err_len) {
  if (!DisaggUcx::load(err, err_len)) {
    return nullptr;
  }
  if (token_len == 0 || token_len > DisaggProtocol::MaxToken) {
    jio_snprintf(err, err_len, "the token has %zu bytes; 1 to %zu are accepted", token_len, DisaggProtocol::MaxToken);
    return nullptr;
  }
  DisaggUcxTransport* t = new DisaggUcxTransport();
  if (servers == nullptr) {
    t->_server_count = 1;
    jio_snprintf(t->_servers[0], sizeof(t->_servers[0]), "(starting)");
  } else {
    t->_server_count = parse_servers(servers, t->_servers, MaxServers, err, err_len);
  }
  if (t->_server_count < 0) {
    delete t;
    return nullptr;
  }
  t->_token = NEW_C_HEAP_ARRAY(char, token_len, mtDisagg);
  memcpy(t->_token, token, token_len);
  t->_token_len = token_len;
  memcpy(t->_session, session, DisaggProtocol::SessionIdSize);
  t->_space_pages = space_pages;

  ucp_config_t* config = nullptr;
  ucs_status_t st = DisaggUcx::config_read(nullptr, nullptr, &config);
  if (st != UCS_OK) {
    jio_snprintf(err, err_len, "cannot read the UCX configuration: %s", DisaggUcx::status_string(st));
    delete t;
    return nullptr;
  }
  const char* tls = ::getenv("UCX_TLS");
  if (tls == nullptr && default_tls != nullptr) {
    st = DisaggUcx::config_modify(config, "TLS", default_tls);
    if (st != UCS_OK) {
      jio_snprintf(err, err_len, "cannot set the UCX transports to %s: %s", default_tls, DisaggUcx::status_string(st));
      DisaggUcx::config_release(config);
      delete t;
      return nullptr;
    }
    tls = default_tls;
  }
  ucp_params_t params;
  memset(&params, 0, sizeof(params));
  params.field_mask = UCP_PARAM_FIELD_FEATURES | UCP_PARAM_FIELD_MT_WORKERS_SHARED | UCP_PARAM_FIELD_NAME;
  params.features = UCP_FEATURE_AM | UCP_FEATURE_WAKEUP;
  params.mt_workers_shared = 0;
  params.name = "disagg-jvm";
  st = DisaggUcx::init_version(UCP_API_MAJOR, UCP_API_MINOR, &params, config, &t->_context);
  DisaggUcx::config_release(config);
  if (st != UCS_OK) {
    jio_snprintf(err, err_len, "cannot initialize UCX: %s", DisaggUcx::status_string(st));
    t->_context = nullptr;
    delete t;
    return nullptr;
  }
  for (int i = 0; i < lanes; i++) {
    DisaggUcxLane* lane = new DisaggUcxLane(t);
    st = lane->init();
    if (st != UCS_OK) {
      jio_snprintf(err, err_len, "cannot create a UCX worker: %s", DisaggUcx::status_string(st));
      delete lane;
      delete t;
      return nullptr;
    }
    t->add_lane(lane);
  }
  if (servers != nullptr && !t->connect_all(timeout_ns, err, err_len)) {
    delete t;
    return nullptr;
  }
  jio_snprintf(t->_description, sizeof(t->_description), "ucx (UCX_TLS=%s)", tls != nullptr ? tls : "all");
  return t;
}

bool DisaggUcxTransport::connect_all(jlong timeout_ns, char* err, size_t err_len) {
  for (int s = 0; s < _server_count; s++) {
    if (!resolve(_servers[s], &_addrs[s], &_addr_lens[s], err, err_len)) {
      return false;
    }
  }
  for (int i = 0; i < lane_count(); i++) {
    for (int s = 0; s < _server_count; s++) {
      if (((DisaggUcxLane*)lane(i))->connect(s, timeout_ns, err, err_len) != DisaggResult::Ok) {
        return false;
      }
    }
  }
  return true;
}

bool DisaggUcxTransport::connect_later(const char* server, jlong timeout_ns, char* err, size_t err_len) {
  assert(_server_count == 1, "one server, address to come");
  jio_snprintf(_servers[0], sizeof(_servers[0]), "%s", server);
  return connect_all(timeout_ns, err, err_len);
}

void DisaggUcxTransport::shutdown() {
  for (int i = 0; i < lane_count(); i++) {
    DisaggUcxLane* l = (DisaggUcxLane*)lane(i);
    if (i == 0) {
      l->bye(200 * NANOSECS_PER_MILLISEC);
    }
  }
}
