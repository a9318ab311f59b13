/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iWARP-class RDMA devices (Alibaba eRDMA, Soft-iWARP): recognising them
 * and holding the TCP ports their out-of-band QP connections use in every
 * network namespace such a device serves ("reserve_mode").
 */
#ifndef SMC_ERDMA_H
#define SMC_ERDMA_H

#include <linux/types.h>
#include <rdma/ib_verbs.h>

/* Alibaba Cloud eRDMA: PCI vendor and device */
#define SMC_ERDMA_PCI_VENDOR	0x1ded
#define SMC_ERDMA_PCI_DEVICE	0x107f

/* ports rsvd_ports_base .. rsvd_ports_base + SMC_ERDMA_RSVD_PORTS - 1 */
#define SMC_ERDMA_RSVD_PORTS	16
#define SMC_ERDMA_RSVD_BASE_DEFAULT	65500

/* Checks the module parameters (-EINVAL when out of range) and starts
 * following namespaces and network devices.  Called before the IB client
 * registers; smc_erdma_exit() after it is gone.
 */
int smc_erdma_init(void);
void smc_erdma_exit(void);

/* An RNIC node or a port speaking iWARP */
bool smc_erdma_is_iwarp(struct ib_device *ibdev);
/* A function of Alibaba's eRDMA PCI device */
bool smc_erdma_is_erdma(struct ib_device *ibdev);

/* RDMA devices came or went: the reservations are brought up to date in a
 * work item.
 */
void smc_erdma_devices_changed(void);

/* ifindex of the network device @ibdev was bound to by its driver
 * (ib_device_set_netdev()), in whatever namespace it lives; 0 if none.
 */
u32 smc_erdma_ifindex(struct ib_device *ibdev);

#endif /* SMC_ERDMA_H */
