// SPDX-License-Identifier: GPL-2.0
/*
 * The UEID table, the SEID state and the local host name, with their
 * SMC_GEN_NETLINK commands.
 *
 * Requests get the answers Linux's module gives on a machine without
 * ISMv2 (any machine but s390): the kernel does not upper-case or pad a
 * UEID, the tool does (smcr ueid add), so an entry must arrive as exactly
 * 32 characters.  We only differ in storing the padding as blanks: Linux
 * accepts any trailing white space and keeps it, so a UEID padded with
 * tabs would never match the blank padded one a peer sends.
 */

#include <linux/ctype.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include <net/genetlink.h>

#include "smc_eid.h"
#include "smc_netlink.h"

static DEFINE_SPINLOCK(smc_eid_lock);
static u8 smc_ueid[SMC_MAX_UEID][SMC_MAX_EID_LEN];	/* oldest first */
static int smc_ueid_cnt;

static u8 smc_hostname[SMC_MAX_HOSTNAME_LEN];

void smc_eid_hostname(u8 *host)
{
	memcpy(host, smc_hostname, SMC_MAX_HOSTNAME_LEN);
}

/* Linux's rule: after dropping trailing white space, 1 to 32 characters
 * out of upper-case letters, digits, '.' and '-', the first one a letter
 * or digit.  "Letter" is what the kernel's ctype says, Latin-1 included.
 * Returns the length without the padding, 0 if invalid.
 */
static int smc_ueid_len(const u8 *ueid)
{
	int len = SMC_MAX_EID_LEN, i;

	while (len && isspace(ueid[len - 1]))
		len--;
	for (i = 0; i < len; i++) {
		bool upper_alnum = isalnum(ueid[i]) && !islower(ueid[i]);

		if (!upper_alnum && (!i || (ueid[i] != '.' && ueid[i] != '-')))
			return 0;
	}
	return len;
}

/* The table's form of an EID: trailing white space becomes blanks */
static void smc_ueid_pad(u8 *ueid)
{
	int len = SMC_MAX_EID_LEN;

	while (len && isspace(ueid[len - 1]))
		len--;
	memset(ueid + len, ' ', SMC_MAX_EID_LEN - len);
}

/* caller holds smc_eid_lock */
static int smc_ueid_find(const u8 *ueid)
{
	int i;

	for (i = 0; i < smc_ueid_cnt; i++)
		if (!memcmp(smc_ueid[i], ueid, SMC_MAX_EID_LEN))
			return i;
	return -1;
}

int smc_eid_ueid_count(void)
{
	int cnt;

	spin_lock_bh(&smc_eid_lock);
	cnt = smc_ueid_cnt;
	spin_unlock_bh(&smc_eid_lock);
	return cnt;
}

int smc_eid_ueids(u8 out[][SMC_MAX_EID_LEN], int max_cnt)
{
	int n;

	if (max_cnt <= 0)
		return 0;
	spin_lock_bh(&smc_eid_lock);
	n = min(max_cnt, smc_ueid_cnt);
	memcpy(out, smc_ueid, n * SMC_MAX_EID_LEN);
	spin_unlock_bh(&smc_eid_lock);
	return n;
}

bool smc_eid_match_ueid(const u8 *eid32)
{
	bool match;

	spin_lock_bh(&smc_eid_lock);
	match = smc_ueid_find(eid32) >= 0;
	spin_unlock_bh(&smc_eid_lock);
	return match;
}

/* The entry of an ADD or REMOVE request: Linux wants the 32 characters
 * and the NUL (the policy has already refused anything longer).
 */
static int smc_ueid_from_nl(struct genl_info *info, u8 *ueid)
{
	struct nlattr *nla = info->attrs[SMC_NLA_EID_TABLE_ENTRY];

	if (!nla) {
		GENL_SET_ERR_MSG(info, "UEID (SMC_NLA_EID_TABLE_ENTRY) missing");
		return -EINVAL;
	}
	if (nla_len(nla) != SMC_MAX_EID_LEN + 1) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "UEID must be 32 characters, padded with blanks");
		return -EINVAL;
	}
	memcpy(ueid, nla_data(nla), SMC_MAX_EID_LEN);
	return 0;
}

int smc_eid_nl_add_ueid(struct sk_buff *skb, struct genl_info *info)
{
	u8 ueid[SMC_MAX_EID_LEN];
	int rc;

	rc = smc_ueid_from_nl(info, ueid);
	if (rc)
		return rc;
	if (!smc_ueid_len(ueid)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[SMC_NLA_EID_TABLE_ENTRY],
				    "UEID characters: A-Z 0-9 . - (first A-Z or 0-9), no blanks inside");
		return -EINVAL;
	}
	smc_ueid_pad(ueid);

	spin_lock_bh(&smc_eid_lock);
	if (smc_ueid_cnt >= SMC_MAX_UEID) {
		rc = -ERANGE;		/* before EEXIST, as in Linux */
	} else if (smc_ueid_find(ueid) >= 0) {
		rc = -EEXIST;
	} else {
		memcpy(smc_ueid[smc_ueid_cnt], ueid, SMC_MAX_EID_LEN);
		smc_ueid_cnt++;
	}
	spin_unlock_bh(&smc_eid_lock);

	if (rc == -ERANGE)
		GENL_SET_ERR_MSG(info, "UEID table full (4 entries)");
	else if (rc == -EEXIST)
		GENL_SET_ERR_MSG(info, "UEID already in the table");
	return rc;
}

/* Like Linux, REMOVE does not check the characters: it looks for them */
int smc_eid_nl_remove_ueid(struct sk_buff *skb, struct genl_info *info)
{
	u8 ueid[SMC_MAX_EID_LEN];
	int rc, i;

	rc = smc_ueid_from_nl(info, ueid);
	if (rc)
		return rc;
	smc_ueid_pad(ueid);

	spin_lock_bh(&smc_eid_lock);
	i = smc_ueid_find(ueid);
	if (i >= 0) {
		smc_ueid_cnt--;
		memmove(smc_ueid[i], smc_ueid[i + 1],
			(smc_ueid_cnt - i) * SMC_MAX_EID_LEN);
	}
	spin_unlock_bh(&smc_eid_lock);

	if (i < 0) {
		GENL_SET_ERR_MSG(info, "UEID not in the table");
		return -ENOENT;
	}
	return 0;
}

int smc_eid_nl_flush_ueid(struct sk_buff *skb, struct genl_info *info)
{
	spin_lock_bh(&smc_eid_lock);
	smc_ueid_cnt = 0;
	spin_unlock_bh(&smc_eid_lock);
	return 0;
}

/* One message per UEID, as a string with its blank padding */
int smc_eid_nl_dump_ueid(struct sk_buff *skb, struct netlink_callback *cb)
{
	u8 ueids[SMC_MAX_UEID][SMC_MAX_EID_LEN];
	char str[SMC_MAX_EID_LEN + 1];
	int n, i;
	void *hdr;

	n = smc_eid_ueids(ueids, SMC_MAX_UEID);
	for (i = cb->args[0]; i < n; i++) {
		hdr = smc_nl_dump_hdr(skb, cb, SMC_NETLINK_DUMP_UEID);
		if (!hdr)
			break;
		memcpy(str, ueids[i], SMC_MAX_EID_LEN);
		str[SMC_MAX_EID_LEN] = '\0';
		if (nla_put_string(skb, SMC_NLA_EID_TABLE_ENTRY, str)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = i;
	return skb->len;
}

/* Linux without an ISMv2 device answers with one message that holds no
 * attribute at all: neither an SEID nor its enabled flag.
 */
int smc_eid_nl_dump_seid(struct sk_buff *skb, struct netlink_callback *cb)
{
	void *hdr;

	if (cb->args[0])
		return 0;
	hdr = smc_nl_dump_hdr(skb, cb, SMC_NETLINK_DUMP_SEID);
	if (!hdr)
		return -EMSGSIZE;
	genlmsg_end(skb, hdr);
	cb->args[0] = 1;
	return skb->len;
}

int smc_eid_nl_enable_seid(struct sk_buff *skb, struct genl_info *info)
{
	GENL_SET_ERR_MSG(info, "no system EID: no ISMv2 (SMC-Dv2) device");
	return -EOPNOTSUPP;
}

int smc_eid_nl_disable_seid(struct sk_buff *skb, struct genl_info *info)
{
	GENL_SET_ERR_MSG(info, "no system EID: no ISMv2 (SMC-Dv2) device");
	return -EOPNOTSUPP;
}

void __init smc_eid_init(void)
{
	const char *node = utsname()->nodename;

	memset(smc_hostname, ' ', sizeof(smc_hostname));
	memcpy(smc_hostname, node, strnlen(node, sizeof(smc_hostname)));
}
