/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one table of SMC fallback / decline cause codes.
 *
 * The kernel takes the numeric codes from here (as SMC_CLC_DECL_<ID>), the
 * tools take the explanations (smcss --explain, smc_chk) and the
 * troubleshooting guide is checked against it, so a code is added or
 * reworded in exactly one place.
 *
 * Define SMC_CAUSE(code, id, summary, cause, fix) before including this file;
 * it is undefined again at the end.  No include guard on purpose.
 *
 *   code     the 32-bit value carried in CLC DECLINE and shown by smcss
 *   id       suffix of the C name SMC_CLC_DECL_<id>
 *   summary  a few words, as shown in tables
 *   cause    what made the connection stay on TCP
 *   fix      what an operator can do about it
 */

SMC_CAUSE(0x01010000, MEM, "insufficient memory",
	  "The host could not allocate memory for the buffers or the link "
	  "group of the connection while SMC was being set up.",
	  "Free memory on the host or use smaller buffers (sysctl "
	  "net.smc.wmem and net.smc.rmem, or smc_run -r/-t); dmesg may name "
	  "the allocation that failed.")
SMC_CAUSE(0x02010000, TIMEOUT_CL, "timeout waiting for CLC or CONFIRM LINK",
	  "A CLC message from the peer did not arrive within the bounded "
	  "wait, or the first RDMA link was not confirmed in time. The TCP "
	  "path, the RDMA devices or the RDMA network between the hosts is "
	  "broken or slow; a peer or middlebox that echoes unknown TCP "
	  "options back also ends this way, because the client then waits for "
	  "a handshake that never comes.",
	  "Check the RDMA devices on both hosts with smcr device and look for "
	  "link errors in dmesg; if only some destinations are affected and "
	  "they do not run SMC, keep SMC off for them with smcr policy add.")
SMC_CAUSE(0x02020000, TIMEOUT_AL, "timeout waiting for ADD LINK",
	  "The peer did not finish adding a second, redundant RDMA link in "
	  "time. This module carries on with a single link in that case, so "
	  "the code mostly comes from other SMC implementations.",
	  "Check the second RDMA device or port on both hosts with smcr "
	  "device and look for link events in dmesg.")
SMC_CAUSE(0x03000000, CNFERR, "configuration error",
	  "The handshake could not be prepared because local configuration "
	  "was missing, for example the address of the internal TCP socket or "
	  "the network device behind it could not be determined.",
	  "Check that the TCP connection and its interface are up and "
	  "addressed (ip addr, ip route) and look for SMC messages in dmesg.")
SMC_CAUSE(0x03010000, PEERNOSMC, "peer did not indicate SMC",
	  "The SYN or SYN-ACK from the peer did not carry the SMC TCP option: "
	  "the peer application uses plain TCP, SMC is not available on the "
	  "peer, or a middlebox removed the option.",
	  "Run the peer application with SMC as well (smc_run, or sysctl "
	  "net.smc.tcp2smc=1) and check on the peer with smcss -a that its "
	  "socket is listed; if the peer is not meant to use SMC, this is "
	  "expected.")
SMC_CAUSE(0x03010001, ACTIVE, "SMC not offered for this destination",
	  "This host did not offer SMC on the connection because a local "
	  "policy excluded the destination.",
	  "Nothing to do if the exclusion is intended; otherwise list the "
	  "policy with smcr policy show and remove the entry that covers "
	  "this destination with smcr policy del.")
SMC_CAUSE(0x03020000, IPSEC, "IPsec in use",
	  "An IPsec policy applies to the connection. SMC moves the data "
	  "outside the IP stack, where IPsec cannot protect it, so the "
	  "connection stays on TCP.",
	  "Keep these connections on TCP, or exclude the traffic from the "
	  "IPsec policy (ip xfrm policy) if unprotected RDMA transport is "
	  "acceptable for it.")
SMC_CAUSE(0x03030000, NOSMCDEV, "no SMC device",
	  "No usable SMC-R or SMC-D device was found for the interface of the "
	  "connection: there is no RDMA device, its port is down, it sits in "
	  "another network namespace, or its PNET ID does not match the "
	  "interface. SMC-Rv2 works over IPv4 only, so an IPv6 connection can "
	  "find no device either.",
	  "List the devices with smcr device and the PNET table with "
	  "smc_pnet, and make sure the RDMA device and the Ethernet interface "
	  "are in the same network namespace (rdma system, rdma dev set); use "
	  "IPv4 for SMC-Rv2.")
SMC_CAUSE(0x03030001, NOSMCDDEV, "no SMC-D device",
	  "SMC-D was asked for, but this host has no usable ISM device; hosts "
	  "outside IBM Z have none.",
	  "Nothing to fix where no ISM device exists; for SMC-R make sure "
	  "both hosts have an RDMA device (smcr device).")
SMC_CAUSE(0x03030002, NOSMCRDEV, "no SMC-R device",
	  "No RDMA device could be matched to the interface of the "
	  "connection, or the chosen device went away during the handshake.",
	  "Check with smcr device that a device with an active port belongs "
	  "to the interface of the connection, check the PNET IDs with "
	  "smc_pnet and look for device events in dmesg.")
SMC_CAUSE(0x03030003, NOISM2SUPP, "no ISMv2 support",
	  "SMC-Dv2 was asked for, but the local ISM devices do not support "
	  "version 2.",
	  "Nothing to fix without ISMv2 hardware; SMC-R can still be used "
	  "when both hosts have RDMA devices (smcr device).")
SMC_CAUSE(0x03030004, NOV2EXT, "peer sent no SMCv2 extension",
	  "This host needed SMCv2, for example to use RoCEv2 devices, but the "
	  "proposal of the peer carried no SMCv2 extension, so the peer only "
	  "offers SMCv1.",
	  "Give both hosts devices and kernels that support a common SMC "
	  "version; compare the smcr device output of both hosts.")
SMC_CAUSE(0x03030005, NOV2DEXT, "peer sent no SMC-Dv2 extension",
	  "The SMCv2 proposal of the peer lacked the SMC-Dv2 part, so SMC-Dv2 "
	  "could not be negotiated.",
	  "Only relevant with ISM devices; otherwise make sure both hosts can "
	  "use SMC-R (smcr device).")
SMC_CAUSE(0x03030006, NOSEID, "peer sent no SEID",
	  "The SMC-Dv2 proposal of the peer carried no system EID, which "
	  "SMC-Dv2 requires.",
	  "Only relevant to SMC-D; check the system EID setting of the peer.")
SMC_CAUSE(0x03030007, NOSMCD2DEV, "no SMC-Dv2 device",
	  "No ISM device usable for SMC-Dv2 was found on this host.",
	  "Nothing to fix without ISMv2 hardware; SMC-R can still be used "
	  "when both hosts have RDMA devices (smcr device).")
SMC_CAUSE(0x03030008, NOUEID, "no common UEID",
	  "SMCv2 needs at least one user defined EID (UEID) that both hosts "
	  "share, and none was configured on one side or the configured ones "
	  "differ.",
	  "Add the same UEID on both hosts with smcr ueid add <name> and "
	  "compare the lists with smcr ueid show.")
SMC_CAUSE(0x03030009, RELEASEERR, "SMCv2 release negotiation failed",
	  "The two hosts could not agree on an SMCv2 release, or the release "
	  "changed between the messages of one handshake.",
	  "Run compatible SMC implementations on both hosts, usually by "
	  "updating the older kernel; dmesg may show the releases involved.")
SMC_CAUSE(0x0303000a, MAXCONNERR, "max connections negotiation failed",
	  "The SMCv2.1 negotiation of the maximum number of connections per "
	  "link group produced a value this host does not accept.",
	  "Check sysctl net.smc.smcr_max_conns_per_lgr on both hosts and keep "
	  "it within the supported range of 16 to 255.")
SMC_CAUSE(0x0303000b, MAXLINKERR, "max links negotiation failed",
	  "The SMCv2.1 negotiation of the maximum number of links per link "
	  "group produced a value this host does not accept.",
	  "Check sysctl net.smc.smcr_max_links_per_lgr on both hosts and keep "
	  "it within the supported range of 1 to 2.")
SMC_CAUSE(0x0303000c, VENDORERR, "vendor options negotiation failed",
	  "The vendor specific options exchanged by the two hosts (an "
	  "extension of Alibaba's SMC) did not match or changed during the "
	  "handshake.",
	  "Run SMC implementations with the same vendor option settings on "
	  "both hosts and do not change those settings while connections are "
	  "being set up.")
SMC_CAUSE(0x03040000, MODEUNSUPP, "SMC modes do not match",
	  "The two hosts have no SMC mode in common, for example one offers "
	  "only SMC-D and the other only SMC-R.",
	  "Compare the devices of both hosts with smcr device and give them a "
	  "common mode; SMC-R needs an RDMA device on each host.")
SMC_CAUSE(0x03050000, RMBE_EC, "peer RMBE eyecatcher / link confirmation failed",
	  "The first RDMA link could not be confirmed, for example because "
	  "the peer asked for eyecatchers in the receive buffers, which Linux "
	  "does not use.",
	  "Make sure the peer runs a compatible SMC-R implementation and look "
	  "for link confirmation errors in dmesg on both hosts.")
SMC_CAUSE(0x03060000, OPTUNSUPP, "socket option or flag not supported by SMC",
	  "Before the connection was made, the application asked for TCP fast "
	  "open (MSG_FASTOPEN or a TCP_FASTOPEN option) or set another socket "
	  "option that SMC cannot support, so the connection stayed on TCP.",
	  "Stop setting fast open and the other unsupported options for "
	  "connections that should use SMC, or accept TCP for this "
	  "application.")
SMC_CAUSE(0x03070000, DIFFPREFIX, "peers not in the same IP subnet",
	  "SMCv1 only works between hosts in the same IP subnet, and the "
	  "prefixes offered by the peer did not match the subnet of this "
	  "host.",
	  "Put both hosts into the same subnet, or use SMC-Rv2, which can be "
	  "routed but needs RoCEv2 devices and a common UEID (smcr ueid add).")
SMC_CAUSE(0x03080000, GETVLANERR, "cannot determine VLAN id",
	  "The VLAN id of the interface carrying the connection could not be "
	  "determined.",
	  "Check the VLAN setup of the interface (ip -d link) and whether it "
	  "changed while the connection was set up.")
SMC_CAUSE(0x03090000, ISMVLANERR, "cannot register VLAN id on ISM device",
	  "The VLAN id could not be registered on the ISM device used for "
	  "SMC-D.",
	  "Only relevant to SMC-D; check the ISM device and its VLAN limits.")
SMC_CAUSE(0x030a0000, NOACTLINK, "no active link in link group",
	  "The link group chosen for the connection had no active RDMA link "
	  "left, for example because its links were going down.",
	  "Check the RDMA devices and ports with smcr device and look for "
	  "link down events in dmesg; new connections build a fresh link "
	  "group once the devices are healthy.")
SMC_CAUSE(0x030b0000, NOSRVLINK, "server's link not found",
	  "The client could not match the RDMA link named by the server in "
	  "its ACCEPT message (QP number, GID and MAC) to a link of its own "
	  "link group.",
	  "Check the RDMA devices on both hosts with smcr device and look in "
	  "dmesg for link groups that were torn down on one side only.")
SMC_CAUSE(0x030c0000, VERSMISMAT, "SMC version mismatch",
	  "The SMC versions offered by the two hosts had none in common, or "
	  "the peer answered with a version it was not offered.",
	  "Run compatible SMC implementations and devices on both hosts; "
	  "compare their kernels and the smcr device output.")
SMC_CAUSE(0x030d0000, MAX_DMB, "SMC-D DMB limit reached",
	  "The ISM device had no free DMB (receive buffer) left for another "
	  "SMC-D connection.",
	  "Only relevant to SMC-D; close idle connections or spread them over "
	  "more devices.")
SMC_CAUSE(0x030e0000, NOROUTE, "no route to peer for SMC-Rv2",
	  "For SMC-Rv2 the client looked up the route to the address of the "
	  "server to find the next hop, and the lookup failed.",
	  "Check the routes and neighbour entries towards the peer on the "
	  "interface of the RDMA device (ip route get <peer>, ip neigh).")
SMC_CAUSE(0x030f0000, NOINDIRECT, "SMC-Rv2 direct/indirect mismatch",
	  "For SMC-Rv2 the server said whether the hosts reach each other "
	  "directly or through a gateway, and the route lookup of the client "
	  "disagreed.",
	  "Make both hosts see the same network path: check addresses, "
	  "netmasks and routes on both sides (ip route get <peer>).")
SMC_CAUSE(0x04000000, SYNCERR, "handshake out of step",
	  "The peer sent a malformed CLC message or one that does not fit the "
	  "current step, or the two hosts disagreed on whether a link group "
	  "is new or reused.",
	  "Look for CLC errors in dmesg on both hosts; if it keeps happening "
	  "between two hosts, check that both run compatible SMC versions and "
	  "report it with the output of smcss -a --explain.")
SMC_CAUSE(0x05000000, PEERDECL, "peer declined",
	  "The peer refused SMC with a CLC DECLINE message; the code after "
	  "the slash in the smcss output is the reason the peer gave.",
	  "Look up the second code with smcss --explain and fix that cause on "
	  "the peer; smcss -a on the peer shows the same connection from its "
	  "side.")
SMC_CAUSE(0x09990000, INTERR, "internal error",
	  "An unexpected error occurred while the connection or its RDMA "
	  "resources were being set up, such as a queue pair or completion "
	  "queue that could not be created.",
	  "Look for SMC and RDMA driver messages in dmesg and check the "
	  "devices with smcr device; report the messages if it keeps "
	  "happening.")
SMC_CAUSE(0x09990001, ERR_RTOK, "rtoken handling failed",
	  "The remote buffer token (address and key) announced by the peer "
	  "could not be stored, for example because the table of the link "
	  "group was full or the message was inconsistent.",
	  "Look for SMC messages in dmesg and report them if it keeps "
	  "happening; fewer connections per link group (sysctl "
	  "net.smc.smcr_max_conns_per_lgr) may avoid it.")
SMC_CAUSE(0x09990002, ERR_RDYLNK, "RDMA link could not be readied",
	  "The queue pair of a new RDMA link could not be brought into a "
	  "usable state, usually because the device or its driver rejected "
	  "the parameters or the port is down.",
	  "Check the device and port state with smcr device and rdma link, "
	  "and look for driver messages in dmesg.")
SMC_CAUSE(0x09990003, ERR_REGBUF, "buffer registration failed",
	  "A send or receive buffer could not be registered as memory region "
	  "with the RDMA device, often because the device limit on the number "
	  "or size of memory regions was reached.",
	  "Compare the device limits (ibv_devinfo -v: max_mr, max_mr_size) "
	  "with the number of connections, and use fewer connections or "
	  "smaller buffers (sysctl net.smc.wmem, net.smc.rmem).")
SMC_CAUSE(0x09990004, CREDITSERR, "flow-control credits failed",
	  "The receive credits of the queue pair flow control (an extension "
	  "of Alibaba's SMC) could not be announced, usually because the RDMA "
	  "link failed.",
	  "Check the RDMA devices with smcr device and look for link errors "
	  "in dmesg.")

#undef SMC_CAUSE
