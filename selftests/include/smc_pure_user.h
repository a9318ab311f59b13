/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pure module files (see net/smc/smc_pure.h) take from the kernel,
 * supplied in userspace for the unit tests and the fuzzers.
 */
#ifndef SMC_PURE_USER_H
#define SMC_PURE_USER_H



#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>
#include <endian.h>
#include <linux/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;

#ifndef __packed
#define __packed __attribute__((packed))
#endif
#ifndef __force
#ifdef __CHECKER__
#define __force __attribute__((force))
#else
#define __force
#endif
#endif

/* like the kernel's: the message is optional */
#undef static_assert
#define __smc_static_assert(expr, msg, ...) _Static_assert(expr, msg)
#define static_assert(expr, ...) \
	__smc_static_assert(expr, ##__VA_ARGS__, #expr)

#define cpu_to_be16(x)	((__force __be16)htobe16(x))
#define cpu_to_be32(x)	((__force __be32)htobe32(x))
#define cpu_to_be64(x)	((__force __be64)htobe64(x))
#define be16_to_cpu(x)	be16toh((__force uint16_t)(x))
#define be32_to_cpu(x)	be32toh((__force uint32_t)(x))
#define be64_to_cpu(x)	be64toh((__force uint64_t)(x))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef min
#define min(a, b)	((a) < (b) ? (a) : (b))
#endif
#ifndef max
#define max(a, b)	((a) > (b) ? (a) : (b))
#endif

#endif /* SMC_PURE_USER_H */
