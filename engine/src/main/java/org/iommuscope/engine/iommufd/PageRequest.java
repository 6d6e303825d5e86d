package org.iommuscope.engine.iommufd;

/**
 * One I/O page fault queued on a FAULT object (an iopf_group of one fault): the device that asked, the PASID (0:
 * the RID), the faulting IOVA and access, and the hwpt whose domain faulted.
 *
 * @param group the iommu_group whose attach handle at {@code pasid} delivered it; the request is answered
 *              (IOMMU_PAGE_RESP_INVALID) when that attach handle goes away
 */
public record PageRequest(int idev, int group, int pasid, long iova, boolean write, int hwpt) {
}
