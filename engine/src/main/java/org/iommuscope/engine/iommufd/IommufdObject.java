package org.iommuscope.engine.iommufd;

/** An entry of ictx->objects: its ID and obj.users refcount (1 of which belongs to the xarray). */
public sealed interface IommufdObject permits Idev, Ioas, Hwpt, Eventq, Viommu, Vdevice, HwQueue, Access {
    int id();

    int users();

    ObjType type();

    IommufdObject withUsers(int users);
}
