package org.iommuscope.engine.iommufd;

/**
 * One event queued on a vEVENTQ (struct iommufd_vevent): its header's sequence number and the vDEVICE's virtual ID the
 * driver reported it for (arm_vmaster_report_event() writes the vSID into the event record), with the reason in words.
 */
public record Vevent(int sequence, long virtId, long iova, String reason) {
}
