/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The iommufd and VFIO cdev uAPI the runner uses, defined here rather than taken from
 * <linux/iommufd.h> and <linux/vfio.h>: Debian 12's linux-libc-dev is 6.1, which has neither
 * IOMMU_HWPT_ALLOC (6.7) nor VFIO_DEVICE_BIND_IOMMUFD (6.6). The layouts and numbers are those of
 * include/uapi/linux/iommufd.h, include/uapi/linux/vfio.h and drivers/iommu/iommufd/iommufd_test.h
 * in 6.12; the sizes are checked at compile time. Every struct is extensible by its size/argsz
 * field, so a newer kernel accepts them unchanged.
 */
#ifndef IOMMUSCOPE_UAPI_H
#define IOMMUSCOPE_UAPI_H

#include <stdint.h>
#include <sys/ioctl.h>

#define IOMMUFD_TYPE (';')
#define VFIO_TYPE (';')
#define VFIO_BASE 100

/* ---- iommufd ---------------------------------------------------------- */
#define IOMMU_DESTROY          _IO(IOMMUFD_TYPE, 0x80)
#define IOMMU_IOAS_ALLOC       _IO(IOMMUFD_TYPE, 0x81)
#define IOMMU_IOAS_ALLOW_IOVAS _IO(IOMMUFD_TYPE, 0x82)
#define IOMMU_IOAS_COPY        _IO(IOMMUFD_TYPE, 0x83)
#define IOMMU_IOAS_IOVA_RANGES _IO(IOMMUFD_TYPE, 0x84)
#define IOMMU_IOAS_MAP         _IO(IOMMUFD_TYPE, 0x85)
#define IOMMU_IOAS_UNMAP       _IO(IOMMUFD_TYPE, 0x86)
#define IOMMU_HWPT_ALLOC       _IO(IOMMUFD_TYPE, 0x89)
/* CONFIG_IOMMUFD_TEST only: IOMMUFD_CMD_BASE + 32 */
#define IOMMU_TEST_CMD         _IO(IOMMUFD_TYPE, 0x80 + 32)

#define IOMMU_IOAS_MAP_FIXED_IOVA (1u << 0)
#define IOMMU_IOAS_MAP_WRITEABLE  (1u << 1)
#define IOMMU_IOAS_MAP_READABLE   (1u << 2)

#define IOMMU_HWPT_ALLOC_NEST_PARENT    (1u << 0)
#define IOMMU_HWPT_ALLOC_DIRTY_TRACKING (1u << 1)

#define IOMMU_HWPT_DATA_NONE   0u
#define IOMMU_HWPT_DATA_VTD_S1 1u
/* CONFIG_IOMMUFD_TEST's mock driver (iommufd_test.h): a nested hwpt on a mock hwpt carries this */
#define IOMMU_HWPT_DATA_SELFTEST 0xdeadu
#define IOMMU_TEST_IOTLB_DEFAULT 0xbadbeefu

struct iommu_destroy {
	uint32_t size;
	uint32_t id;
};

struct iommu_ioas_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t out_ioas_id;
};

struct iommu_iova_range {
	uint64_t start;
	uint64_t last;
};

struct iommu_ioas_iova_ranges {
	uint32_t size;
	uint32_t ioas_id;
	uint32_t num_iovas;
	uint32_t reserved;
	uint64_t allowed_iovas;
	uint64_t out_iova_alignment;
};

struct iommu_ioas_allow_iovas {
	uint32_t size;
	uint32_t ioas_id;
	uint32_t num_iovas;
	uint32_t reserved;
	uint64_t allowed_iovas;
};

struct iommu_ioas_map {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	uint32_t reserved;
	uint64_t user_va;
	uint64_t length;
	uint64_t iova;
};

struct iommu_ioas_copy {
	uint32_t size;
	uint32_t flags;
	uint32_t dst_ioas_id;
	uint32_t src_ioas_id;
	uint64_t length;
	uint64_t dst_iova;
	uint64_t src_iova;
};

struct iommu_ioas_unmap {
	uint32_t size;
	uint32_t ioas_id;
	uint64_t iova;
	uint64_t length;
};

/* IOMMU_HWPT_DATA_VTD_S1: the stage-1 table a nested hwpt on VT-d carries */
struct iommu_hwpt_vtd_s1 {
	uint64_t flags;
	uint64_t pgtbl_addr;
	uint32_t addr_width;
	uint32_t reserved;
};

struct iommu_hwpt_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t dev_id;
	uint32_t pt_id;
	uint32_t out_hwpt_id;
	uint32_t reserved;
	uint32_t data_type;
	uint32_t data_len;
	uint64_t data_uptr;
	uint32_t fault_id;	/* 6.11+; an older kernel takes the shorter size */
	uint32_t reserved2;
};

enum {
	IOMMU_TEST_OP_ADD_RESERVED = 1,
	IOMMU_TEST_OP_MOCK_DOMAIN = 2,
	IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE = 10,
	IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS = 12,
};

#define MOCK_FLAGS_DEVICE_NO_DIRTY 1u

struct iommu_hwpt_selftest {
	uint32_t iotlb;
};

/* struct iommu_test_cmd: only the union members the runner uses; the union is 48 bytes in 6.12 */
struct iommu_test_cmd {
	uint32_t size;
	uint32_t op;
	uint32_t id;
	uint32_t reserved;
	union {
		struct {
			uint64_t start;
			uint64_t length;
		} add_reserved;
		struct {
			uint32_t out_stdev_id;
			uint32_t out_hwpt_id;
			uint32_t out_idev_id;
		} mock_domain;
		struct {
			uint32_t out_stdev_id;
			uint32_t out_hwpt_id;
			uint32_t out_idev_id;
			uint32_t dev_flags;
		} mock_domain_flags;
		struct {
			uint32_t pt_id;
		} mock_domain_replace;
		uint64_t room[6];
	};
	uint32_t last;
};

/* ---- VFIO device cdev ------------------------------------------------- */
#define VFIO_DEVICE_GET_REGION_INFO    _IO(VFIO_TYPE, VFIO_BASE + 8)
#define VFIO_DEVICE_BIND_IOMMUFD       _IO(VFIO_TYPE, VFIO_BASE + 18)
#define VFIO_DEVICE_ATTACH_IOMMUFD_PT  _IO(VFIO_TYPE, VFIO_BASE + 19)
#define VFIO_DEVICE_DETACH_IOMMUFD_PT  _IO(VFIO_TYPE, VFIO_BASE + 20)

#define VFIO_PCI_BAR0_REGION_INDEX   0u
#define VFIO_PCI_CONFIG_REGION_INDEX 7u

struct vfio_region_info {
	uint32_t argsz;
	uint32_t flags;
	uint32_t index;
	uint32_t cap_offset;
	uint64_t size;
	uint64_t offset;
};

struct vfio_device_bind_iommufd {
	uint32_t argsz;
	uint32_t flags;
	int32_t iommufd;
	uint32_t out_devid;
};

struct vfio_device_attach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags;
	uint32_t pt_id;
};

struct vfio_device_detach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags;
};

_Static_assert(sizeof(struct iommu_destroy) == 8, "iommu_destroy");
_Static_assert(sizeof(struct iommu_ioas_alloc) == 12, "iommu_ioas_alloc");
_Static_assert(sizeof(struct iommu_ioas_iova_ranges) == 32, "iommu_ioas_iova_ranges");
_Static_assert(sizeof(struct iommu_ioas_allow_iovas) == 24, "iommu_ioas_allow_iovas");
_Static_assert(sizeof(struct iommu_ioas_map) == 40, "iommu_ioas_map");
_Static_assert(sizeof(struct iommu_ioas_copy) == 40, "iommu_ioas_copy");
_Static_assert(sizeof(struct iommu_ioas_unmap) == 24, "iommu_ioas_unmap");
_Static_assert(sizeof(struct iommu_hwpt_alloc) == 48, "iommu_hwpt_alloc");
_Static_assert(sizeof(struct iommu_hwpt_vtd_s1) == 24, "iommu_hwpt_vtd_s1");
_Static_assert(sizeof(struct iommu_test_cmd) == 72, "iommu_test_cmd");
_Static_assert(sizeof(struct iommu_hwpt_selftest) == 4, "iommu_hwpt_selftest");
_Static_assert(sizeof(struct vfio_region_info) == 32, "vfio_region_info");
_Static_assert(sizeof(struct vfio_device_bind_iommufd) == 16, "vfio_device_bind_iommufd");
_Static_assert(sizeof(struct vfio_device_attach_iommufd_pt) == 12, "vfio_device_attach_iommufd_pt");

#endif
