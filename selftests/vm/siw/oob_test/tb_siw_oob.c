// SPDX-License-Identifier: GPL-2.0
/*
 * tb_siw_oob: test of the test bed's siw as a stand-in for erdma's
 * out-of-band QP connection, without the SMC module.  Loading it runs the
 * checks on the siw device named by "dev" (whose network device has the
 * IPv4 address "ip"), logs one "tb_siw_oob: PASS|FAIL <name>" line each
 * and fails with -EIO if any failed.  siw must be loaded with a short
 * oob_timeout_ms (the checks wait for it, up to "timeout_ms").
 */
#define pr_fmt(fmt) "tb_siw_oob: " fmt

#include <linux/delay.h>
#include <linux/inet.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <rdma/ib_verbs.h>

static char *dev = "siw0";
module_param(dev, charp, 0444);
static char *ip = "10.0.0.1";
module_param(ip, charp, 0444);
static unsigned int timeout_ms = 3000;
module_param(timeout_ms, uint, 0444);

#define OOB_CREATE_FLAG	BIT(27)		/* IB_QP_CREATE_IWARP_WITHOUT_CM */
#define OOB_ATTR	BIT(21)		/* IB_QP_RESERVED1 */
#define BUF_LEN		64

/* erdma's struct iw_ext_conn_param */
struct oob_param {
	struct {
		union {
			__be32 daddr_v4;
			struct in6_addr daddr_v6;
		};
		union {
			__be32 saddr_v4;
			struct in6_addr saddr_v6;
		};
		__be16 dport;
		u16 sport;
		unsigned short family;
	} sk_addr;
};

struct end {
	struct ib_qp *qp;
	struct ib_cq *cq;
	struct oob_param param;		/* lives as long as the QP */
	u8 *buf;			/* [0, BUF_LEN) send, then receive */
	u64 dma;
	int fatal;
};

static struct ib_device *ibdev;
static struct ib_pd *pd;
static __be32 addr;
static int failed;

static void result(bool ok, const char *name)
{
	pr_info("%s %s\n", ok ? "PASS" : "FAIL", name);
	if (!ok)
		failed++;
}

static void qp_event(struct ib_event *ev, void *ctx)
{
	/* ctx is the parameter block, the first member of struct end */
	struct end *e = container_of(ctx, struct end, param);

	if (ev->event == IB_EVENT_QP_FATAL)
		WRITE_ONCE(e->fatal, 1);
}

static int end_create(struct end *e, u32 flags, void *ctx, u16 sport,
		      u16 dport)
{
	struct ib_cq_init_attr ca = { .cqe = 16 };
	struct ib_qp_init_attr qa = {};
	int rc;

	memset(&e->param, 0, sizeof(e->param));
	e->param.sk_addr.family = AF_INET;
	e->param.sk_addr.saddr_v4 = addr;
	e->param.sk_addr.daddr_v4 = addr;
	e->param.sk_addr.sport = sport;
	e->param.sk_addr.dport = htons(dport);
	e->buf = kzalloc(2 * BUF_LEN, GFP_KERNEL);
	if (!e->buf)
		return -ENOMEM;
	e->dma = ib_dma_map_single(ibdev, e->buf, 2 * BUF_LEN,
				   DMA_BIDIRECTIONAL);
	e->cq = ib_create_cq(ibdev, NULL, NULL, NULL, &ca);
	if (IS_ERR(e->cq)) {
		rc = PTR_ERR(e->cq);
		e->cq = NULL;
		return rc;
	}
	qa.event_handler = qp_event;
	qa.qp_context = ctx;
	qa.send_cq = e->cq;
	qa.recv_cq = e->cq;
	qa.sq_sig_type = IB_SIGNAL_REQ_WR;
	qa.qp_type = IB_QPT_RC;
	qa.cap.max_send_wr = 4;
	qa.cap.max_recv_wr = 4;
	qa.cap.max_send_sge = 1;
	qa.cap.max_recv_sge = 1;
	qa.create_flags = flags;
	e->qp = ib_create_qp(pd, &qa);
	if (IS_ERR(e->qp)) {
		rc = PTR_ERR(e->qp);
		e->qp = NULL;
		return rc;
	}
	return 0;
}

static void end_destroy(struct end *e)
{
	if (e->qp)
		ib_destroy_qp(e->qp);
	if (e->cq)
		ib_destroy_cq(e->cq);
	if (e->buf) {
		ib_dma_unmap_single(ibdev, e->dma, 2 * BUF_LEN,
				    DMA_BIDIRECTIONAL);
		kfree(e->buf);
	}
	memset(e, 0, sizeof(*e));
}

/* INIT, then RTR as SMC does it on erdma: AV etc. plus the OOB attribute */
static int end_connect(struct end *e, u32 peer_qpn)
{
	struct ib_qp_attr a = {};
	int rc;

	a.qp_state = IB_QPS_INIT;
	a.pkey_index = 0;
	a.port_num = 1;
	a.qp_access_flags = IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE;
	rc = ib_modify_qp(e->qp, &a, IB_QP_STATE | IB_QP_PKEY_INDEX |
			  IB_QP_ACCESS_FLAGS | IB_QP_PORT);
	if (rc)
		return rc;
	memset(&a, 0, sizeof(a));
	a.qp_state = IB_QPS_RTR;
	a.path_mtu = IB_MTU_1024;
	a.dest_qp_num = peer_qpn;
	a.rq_psn = 12345;
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 5;
	return ib_modify_qp(e->qp, &a, IB_QP_STATE | IB_QP_PATH_MTU |
			    IB_QP_DEST_QPN | IB_QP_RQ_PSN |
			    IB_QP_MAX_DEST_RD_ATOMIC | IB_QP_MIN_RNR_TIMER |
			    OOB_ATTR);
}

static enum ib_qp_state end_state(struct end *e)
{
	struct ib_qp_init_attr ia;
	struct ib_qp_attr a = {};

	if (ib_query_qp(e->qp, &a, IB_QP_STATE, &ia))
		return -1;
	return a.qp_state;
}

static int post_recv(struct end *e, u64 id)
{
	struct ib_sge sge = {
		.addr = e->dma + BUF_LEN, .length = BUF_LEN,
		.lkey = pd->local_dma_lkey,
	};
	struct ib_recv_wr wr = { .wr_id = id, .sg_list = &sge, .num_sge = 1 };

	return ib_post_recv(e->qp, &wr, NULL);
}

static int post_send(struct end *e, u64 id, const char *msg)
{
	struct ib_sge sge = {
		.addr = e->dma, .length = strlen(msg) + 1,
		.lkey = pd->local_dma_lkey,
	};
	struct ib_send_wr wr = {
		.wr_id = id, .sg_list = &sge, .num_sge = 1,
		.opcode = IB_WR_SEND, .send_flags = IB_SEND_SIGNALED,
	};

	strscpy(e->buf, msg, BUF_LEN);
	return ib_post_send(e->qp, &wr, NULL);
}

/* Polls for one completion for up to @ms */
static bool poll1(struct end *e, struct ib_wc *wc, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	do {
		if (ib_poll_cq(e->cq, 1, wc) == 1)
			return true;
		msleep(20);
	} while (time_before(jiffies, end));
	return false;
}

static void test_create_checks(void)
{
	struct end e = {};
	struct oob_param *p = &e.param;

	result(end_create(&e, OOB_CREATE_FLAG, NULL, 1, 2) == -EINVAL,
	       "create with the flag and no parameter block: -EINVAL");
	end_destroy(&e);
	result(end_create(&e, OOB_CREATE_FLAG, p, 1, 2) == 0,
	       "create with the flag and an IPv4 parameter block");
	end_destroy(&e);
	memset(&e.param, 0, sizeof(e.param));
	p->sk_addr.family = AF_INET6;
	{
		struct ib_cq_init_attr ca = { .cqe = 4 };
		struct ib_qp_init_attr qa = {
			.qp_context = &e.param, .qp_type = IB_QPT_RC,
			.sq_sig_type = IB_SIGNAL_REQ_WR,
			.cap = { .max_send_wr = 1, .max_recv_wr = 1,
				 .max_send_sge = 1, .max_recv_sge = 1 },
			.create_flags = OOB_CREATE_FLAG,
		};
		struct ib_qp *qp;

		e.cq = ib_create_cq(ibdev, NULL, NULL, NULL, &ca);
		if (IS_ERR(e.cq)) {
			e.cq = NULL;
			result(false, "create CQ");
			return;
		}
		qa.send_cq = e.cq;
		qa.recv_cq = e.cq;
		qp = ib_create_qp(pd, &qa);
		result(PTR_ERR_OR_ZERO(qp) == -EINVAL,
		       "create with the flag and an AF_INET6 block: -EINVAL");
		if (!IS_ERR(qp))
			ib_destroy_qp(qp);
		qa.create_flags = 1U << 28;
		qa.qp_context = NULL;
		qp = ib_create_qp(pd, &qa);
		result(IS_ERR(qp), "another driver-private create flag is refused");
		if (!IS_ERR(qp))
			ib_destroy_qp(qp);
		ib_destroy_cq(e.cq);
	}
}

static void test_ordinary_qp(void)
{
	struct end e = {};
	struct ib_qp_attr a = { .qp_state = IB_QPS_INIT,
				.qp_access_flags = IB_ACCESS_LOCAL_WRITE };

	if (end_create(&e, 0, NULL, 0, 0)) {
		result(false, "ordinary QP: create");
		end_destroy(&e);
		return;
	}
	result(ib_modify_qp(e.qp, &a, IB_QP_STATE | OOB_ATTR) == -EOPNOTSUPP,
	       "ordinary QP: IB_QP_RESERVED1 at modify is refused as before");
	result(ib_modify_qp(e.qp, &a, IB_QP_STATE | IB_QP_ACCESS_FLAGS) == 0,
	       "ordinary QP: INIT as before");
	end_destroy(&e);
}

/*
 * Two OOB QPs on one device (one address): A modifies, posts a send at
 * once and waits for nothing; B learns A's QPN, posts a receive, modifies
 * later; the early send arrives.  Then the other way, and RTS is a no-op.
 * @pa / @pb are the two ports (their order picks who listens in siw).
 */
static void test_pair(u16 pa, u16 pb, const char *what)
{
	struct end a = {}, b = {};
	struct ib_qp_attr rts = { .qp_state = IB_QPS_RTS, .timeout = 15,
				  .retry_cnt = 7, .rnr_retry = 7,
				  .max_rd_atomic = 1 };
	struct ib_wc wc;
	char name[128];
	bool ok;

	if (end_create(&a, OOB_CREATE_FLAG, &a.param, pa, pb) ||
	    end_create(&b, OOB_CREATE_FLAG, &b.param, pb, pa)) {
		snprintf(name, sizeof(name), "%s: create", what);
		result(false, name);
		goto out;
	}
	/* A: RTR with a peer QPN, RTS at once, send queued early */
	snprintf(name, sizeof(name),
		 "%s: RTR with IB_QP_RESERVED1 returns at once, query says RTS",
		 what);
	result(!end_connect(&a, b.qp->qp_num) && end_state(&a) == IB_QPS_RTS,
	       name);
	snprintf(name, sizeof(name),
		 "%s: receive and send WRs can be posted before the peer exists",
		 what);
	result(!post_recv(&a, 11) && !post_send(&a, 12, "from A"), name);
	msleep(300);
	snprintf(name, sizeof(name), "%s: nothing completes while the peer is missing", what);
	result(ib_poll_cq(a.cq, 1, &wc) == 0, name);

	/* B comes later */
	ok = !post_recv(&b, 21) && !end_connect(&b, a.qp->qp_num);
	snprintf(name, sizeof(name), "%s: the peer modifies later", what);
	result(ok, name);
	ok = poll1(&b, &wc, timeout_ms) && wc.status == IB_WC_SUCCESS &&
	     wc.wr_id == 21 && wc.opcode == IB_WC_RECV &&
	     wc.byte_len == 7 && !strcmp(b.buf + BUF_LEN, "from A");
	snprintf(name, sizeof(name),
		 "%s: the early send is delivered once the stream is up", what);
	result(ok, name);
	ok = poll1(&a, &wc, timeout_ms) && wc.status == IB_WC_SUCCESS &&
	     wc.wr_id == 12;
	snprintf(name, sizeof(name), "%s: and completes at the sender", what);
	result(ok, name);
	snprintf(name, sizeof(name), "%s: RTS afterwards is a no-op", what);
	result(!ib_modify_qp(a.qp, &rts, IB_QP_STATE | IB_QP_TIMEOUT |
			     IB_QP_RETRY_CNT | IB_QP_RNR_RETRY |
			     IB_QP_MAX_QP_RD_ATOMIC) &&
	       !ib_modify_qp(b.qp, &rts, IB_QP_STATE) &&
	       end_state(&a) == IB_QPS_RTS && end_state(&b) == IB_QPS_RTS,
	       name);
	ok = !post_send(&b, 22, "reply B") && poll1(&a, &wc, timeout_ms) &&
	     wc.status == IB_WC_SUCCESS && wc.wr_id == 11 &&
	     !strcmp(a.buf + BUF_LEN, "reply B") &&
	     poll1(&b, &wc, timeout_ms) && wc.status == IB_WC_SUCCESS &&
	     wc.wr_id == 22;
	snprintf(name, sizeof(name), "%s: a send the other way", what);
	result(ok, name);
	/* ERROR flushes a receive */
	post_recv(&b, 23);
	rts.qp_state = IB_QPS_ERR;
	ok = !ib_modify_qp(b.qp, &rts, IB_QP_STATE) &&
	     poll1(&b, &wc, timeout_ms) && wc.wr_id == 23 &&
	     wc.status == IB_WC_WR_FLUSH_ERR;
	snprintf(name, sizeof(name), "%s: ERROR flushes", what);
	result(ok, name);
out:
	end_destroy(&a);
	end_destroy(&b);
}

/* A peer that never comes: ERROR, flushed WRs, QP_FATAL */
static void test_no_peer(u16 pa, u16 pb, const char *what)
{
	struct end a = {};
	struct ib_wc wc;
	char name[128];
	int flushed = 0;

	if (end_create(&a, OOB_CREATE_FLAG, &a.param, pa, pb)) {
		snprintf(name, sizeof(name), "%s: create", what);
		result(false, name);
		goto out;
	}
	snprintf(name, sizeof(name), "%s: RTR, receive and send posted", what);
	result(!end_connect(&a, 77) && !post_recv(&a, 1) &&
	       !post_send(&a, 2, "lost"), name);
	while (flushed < 2 && poll1(&a, &wc, timeout_ms))
		if (wc.status == IB_WC_WR_FLUSH_ERR)
			flushed++;
	/* and nothing else */
	if (ib_poll_cq(a.cq, 1, &wc) != 0)
		flushed = -1;
	snprintf(name, sizeof(name), "%s: ERROR, both WRs flushed, QP_FATAL", what);
	result(flushed == 2 && end_state(&a) == IB_QPS_ERR &&
	       READ_ONCE(a.fatal), name);
out:
	end_destroy(&a);
}

/* Destroying QPs while their set-up runs */
static void test_destroy_early(void)
{
	struct end a = {}, b = {};
	bool ok;

	ok = !end_create(&a, OOB_CREATE_FLAG, &a.param, 40100, 40101) &&
	     !end_create(&b, OOB_CREATE_FLAG, &b.param, 40102, 40103) &&
	     !end_connect(&a, 5) && !end_connect(&b, 6) &&
	     !post_send(&a, 1, "x") && !post_recv(&b, 2);
	end_destroy(&a);
	end_destroy(&b);
	result(ok, "QPs destroyed while their set-up runs");
}

static int __init tb_siw_oob_init(void)
{
	if (!in4_pton(ip, -1, (u8 *)&addr, -1, NULL))
		return -EINVAL;
	ibdev = ib_device_get_by_name(dev, RDMA_DRIVER_SIW);
	if (!ibdev) {
		pr_err("no siw device %s\n", dev);
		return -ENODEV;
	}
	pd = ib_alloc_pd(ibdev, 0);
	if (IS_ERR(pd)) {
		ib_device_put(ibdev);
		return PTR_ERR(pd);
	}
	test_create_checks();
	test_ordinary_qp();
	/* the end that modifies first listens, then connects */
	test_pair(40001, 40002, "first end listens");
	test_pair(40012, 40011, "first end connects");
	/* the reserved port while something else holds it */
	test_pair(65500, 40021, "on a port bound by another socket");
	test_no_peer(40031, 40032, "no peer, listening end");
	test_no_peer(40042, 40041, "no peer, connecting end");
	test_destroy_early();
	ib_dealloc_pd(pd);
	ib_device_put(ibdev);
	pr_info("%d failed\n", failed);
	return failed ? -EIO : 0;
}

static void __exit tb_siw_oob_exit(void)
{
}

module_init(tb_siw_oob_init);
module_exit(tb_siw_oob_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("test of siw's out-of-band QP connection (test bed)");
