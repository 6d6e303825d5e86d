package org.iommuscope.engine.iommufd;

/**
 * struct iommufd_eventq: what a FAULT and a vEVENTQ share, the file descriptor the allocating ioctl returned. The open
 * file holds one users reference on the object until it is closed (iommufd_eventq_fops_release()).
 */
public sealed interface Eventq extends IommufdObject permits Fault, Veventq {
    /** The file descriptor the allocation returned is still open. */
    boolean fdOpen();

    Eventq withFdOpen(boolean open);
}
