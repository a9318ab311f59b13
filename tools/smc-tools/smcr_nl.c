// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink I/O for smcr and smc_pnet, over libnl.
 *
 * Every request gets its own callback set, so a dump and the ack of a
 * command end the same way: the receive loop runs until the kernel said
 * DONE, acked or refused.  Messages that do not come from the kernel are
 * dropped before they reach a decoder.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "smcr.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK		270
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK		11
#endif

#define SMCR_NL_TIMEOUT_S	10
#define SMCR_GENL_VERSION	1	/* both SMC families are version 1 */

struct smcr_req {
	struct smcr_nl *nl;
	smcr_msg_fn fn;
	void *arg;
	bool done;
	int err;		/* -errno */
};

/*
 * libnl folds errno values into its own codes; undo what matters here.
 * Returns -errno.
 */
static int nlerr_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PROTO_MISMATCH:
	case NLE_OPNOTSUPP:
		return -EPROTONOSUPPORT;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	default:
		return -EIO;
	}
}

void smcr_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t size)
{
	const struct nlmsgerr *e;
	const struct nlattr *a;
	size_t len, off, payload;
	int rem;

	if (!size)
		return;
	buf[0] = '\0';
	len = nlh->nlmsg_len;
	if (len < NLMSG_HDRLEN + sizeof(*e) ||
	    !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	e = NLMSG_DATA(nlh);
	/* the TLVs follow the echoed request unless the kernel capped it */
	payload = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return;
		payload += (size_t)e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	off = NLMSG_HDRLEN + NLMSG_ALIGN(payload);
	if (off >= len)
		return;

	a = (const struct nlattr *)((const char *)nlh + off);
	rem = (int)(len - off);
	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		const char *s = nla_data(a);
		size_t i, n = nla_len(a);

		if (nla_type(a) != NLMSGERR_ATTR_MSG)
			continue;
		/* the text ends at its NUL or at the attribute's end */
		for (i = 0; i < n && i + 1 < size && s[i]; i++)
			buf[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
		buf[i] = '\0';
		return;
	}
}

static int cb_msg_in(struct nl_msg *msg, void *arg)
{
	struct smcr_req *r = arg;
	struct sockaddr_nl *src = nlmsg_get_src(msg);

	/* any process may send to our port; only the kernel's word counts */
	if (!src || src->nl_pid != 0) {
		r->nl->foreign++;
		return NL_SKIP;
	}
	return NL_OK;
}

static int cb_valid(struct nl_msg *msg, void *arg)
{
	struct smcr_req *r = arg;
	int rc;

	if (!r->fn)
		return NL_OK;
	rc = r->fn(nlmsg_hdr(msg), r->arg);
	if (rc < 0) {
		r->err = rc;
		r->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

static int cb_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct smcr_req *r = arg;
	int err;

	/* a dump that failed half way says so in its DONE message */
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(err)) {
		memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
		if (err < 0 && err >= -4095)
			r->err = err;
	}
	r->done = true;
	return NL_STOP;
}

static int cb_ack(struct nl_msg *msg, void *arg)
{
	struct smcr_req *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

static int cb_dump_intr(struct nl_msg *msg, void *arg)
{
	struct smcr_req *r = arg;

	(void)msg;
	r->nl->interrupted = true;
	return NL_OK;
}

static int cb_err(struct sockaddr_nl *src, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh;
	struct smcr_req *r = arg;

	if (src && src->nl_pid != 0) {
		r->nl->foreign++;
		return NL_SKIP;
	}
	/* libnl hands over the payload; the header sits right before it */
	nlh = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	smcr_extack_msg(nlh, r->nl->extack, sizeof(r->nl->extack));
	if (e->error < 0 && e->error >= -4095)
		r->err = e->error;
	else
		r->err = -EPROTO;
	r->done = true;
	return NL_STOP;
}

static int run(struct smcr_nl *nl, struct nl_msg *msg, smcr_msg_fn fn,
	       void *arg)
{
	struct smcr_req r = { .nl = nl, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int rc;

	nl->err = 0;
	nl->extack[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_MSG_IN, NL_CB_CUSTOM, cb_msg_in, &r);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, cb_valid, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, cb_finish, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, cb_ack, &r);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, cb_dump_intr, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, cb_err, &r);

	rc = nl_send_auto(nl->sk, msg);
	if (rc < 0) {
		r.err = nlerr_to_errno(rc);
		goto out;
	}
	while (!r.done) {
		rc = nl_recvmsgs_report(nl->sk, cb);
		if (r.done)
			break;
		if (rc < 0) {
			snprintf(nl->extack, sizeof(nl->extack), "%s",
				 nl_geterror(rc));
			r.err = nlerr_to_errno(rc);
			break;
		}
		if (rc == 0) {
			/* nothing arrived within the receive timeout */
			r.err = -ETIMEDOUT;
			break;
		}
	}
out:
	nl_cb_put(cb);
	if (r.err)
		nl->err = -r.err;
	return r.err;
}

int smcr_nl_open(struct smcr_nl *nl, const char *family)
{
	struct timeval tv = { .tv_sec = SMCR_NL_TIMEOUT_S };
	int one = 1, fd, rc;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	rc = genl_connect(nl->sk);
	if (rc < 0)
		goto fail;
	/* dump messages can be larger than a page */
	nl_socket_enable_msg_peek(nl->sk);
	fd = nl_socket_get_fd(nl->sk);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/* older kernels do not know it; then there is just no text */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));

	rc = genl_ctrl_resolve(nl->sk, family);
	if (rc < 0)
		goto fail;
	nl->family = rc;
	return 0;

fail:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return nlerr_to_errno(rc);
}

/* A failed request on stderr, with the kernel's own words when it sent
 * any (extended ack) and a hint for the usual permission error.
 */
void smcr_nl_report(const struct smcr_nl *nl, const char *what, int rc)
{
	const char *hint = "";

	if (rc == -EPERM || rc == -EACCES)
		hint = " (needs root or CAP_NET_ADMIN)";
	fprintf(stderr, "Error: %s: %s%s%s%s\n", what, strerror(-rc), hint,
		nl->extack[0] ? ": " : "", nl->extack);
}

/* smcr_nl_open() for a command line tool: says why it failed on stderr
 * ("SMC module not loaded" when the family is missing); 0 or exit code 1.
 */
int smcr_nl_open_or_say(struct smcr_nl *nl, const char *family)
{
	int rc = smcr_nl_open(nl, family);

	if (rc == -ENOENT) {
		fprintf(stderr, "Error: SMC module not loaded\n");
		return 1;
	}
	if (rc) {
		fprintf(stderr, "Error: cannot open a generic netlink socket: %s\n",
			strerror(-rc));
		return 1;
	}
	return 0;
}

void smcr_nl_close(struct smcr_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

static struct nl_msg *request(struct smcr_nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, SMCR_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int smcr_nl_dump(struct smcr_nl *nl, uint8_t cmd, smcr_msg_fn fn, void *arg)
{
	struct nl_msg *msg = request(nl, cmd, NLM_F_DUMP);
	int rc;

	if (!msg)
		return -ENOMEM;
	rc = run(nl, msg, fn, arg);
	nlmsg_free(msg);
	return rc;
}

int smcr_nl_do(struct smcr_nl *nl, uint8_t cmd, smcr_fill_fn fill, void *arg)
{
	struct nl_msg *msg = request(nl, cmd, 0);
	int rc;

	if (!msg)
		return -ENOMEM;
	if (fill && fill(msg, arg) < 0) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	/* libnl asks for the ack (NLM_F_ACK) itself */
	rc = run(nl, msg, NULL, NULL);
	nlmsg_free(msg);
	return rc;
}
