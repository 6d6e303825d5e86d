package org.iommuscope.engine.hw;

import java.util.List;
import org.pcollections.PMap;
import org.pcollections.TreePMap;

/**
 * The iommu core's struct iommu_group: the one domain the whole group is on, its default and (lazily
 * allocated) blocking domains, and DMA ownership.
 *
 * @param blockingDomain -1 until __iommu_group_alloc_blocking_domain() runs
 * @param owner          the DMA owner: null when unowned or owned by kernel DMA-API drivers, else the owner's name
 * @param ownerCnt       owner_cnt
 * @param domainSince    the step at which {@code domain} last changed (0: at boot)
 * @param domainCause    what moved it there, in words ("idev 1 replaced"), for the divergence explanation
 * @param pasidDomains   group->pasid_array without IOMMU_NO_PASID: the domain each PASID of the group's devices is on
 */
public record IommuGroup(int id, String iommu, List<String> devices, int domain, int defaultDomain, int blockingDomain,
                         String owner, int ownerCnt, int domainSince, String domainCause, PMap<Integer, Integer> pasidDomains) {

    public IommuGroup {
        devices = List.copyOf(devices);
    }

    public IommuGroup(int id, String iommu, List<String> devices, int domain, int defaultDomain, int blockingDomain,
                      String owner, int ownerCnt, int domainSince, String domainCause) {
        this(id, iommu, devices, domain, defaultDomain, blockingDomain, owner, ownerCnt, domainSince, domainCause, TreePMap.empty());
    }

    public IommuGroup withDomain(int newDomain, int step, String cause) {
        return new IommuGroup(id, iommu, devices, newDomain, defaultDomain, blockingDomain, owner, ownerCnt, step, cause, pasidDomains);
    }

    public IommuGroup withBlockingDomain(int blocking) {
        return new IommuGroup(id, iommu, devices, domain, defaultDomain, blocking, owner, ownerCnt, domainSince, domainCause, pasidDomains);
    }

    public IommuGroup withOwner(String newOwner, int cnt) {
        return new IommuGroup(id, iommu, devices, domain, defaultDomain, blockingDomain, newOwner, cnt, domainSince, domainCause, pasidDomains);
    }

    /** The domain at a PASID (not the RID), or -1. */
    public int pasidDomain(int pasid) {
        Integer d = pasidDomains.get(pasid);
        return d == null ? -1 : d;
    }

    public IommuGroup withPasidDomain(int pasid, int domainId) {
        PMap<Integer, Integer> p = domainId < 0 ? pasidDomains.minus(pasid) : pasidDomains.plus(pasid, domainId);
        return new IommuGroup(id, iommu, devices, domain, defaultDomain, blockingDomain, owner, ownerCnt, domainSince, domainCause, p);
    }
}
