package org.iommuscope.vm.boot;

/**
 * The VM's {@code /init}: a busybox shell script that hands the devices to their drivers, captures the machine's
 * sysfs the way the README's one-liner does (plus each VT-d unit's cap and ecap registers, which give its
 * domains' page sizes and aperture), runs the runner once per scenario, each with a fresh /dev/iommu, and powers
 * off. Everything it reports goes to the second serial port, away from the kernel's console, framed by
 * {@code ===} lines that {@link VmOutput} reads.
 */
public final class InitScript {
    /** The runner and the files the script reads, in the initramfs. */
    public static final String RUNNER = "/bin/iommuscope-runner";

    private InitScript() {
    }

    public static String drivers(int scenario) {
        return "/lab/drivers-" + scenario + ".txt";
    }

    public static String steps(int scenario) {
        return "/lab/steps-" + scenario + ".txt";
    }

    /** /init for {@code scenarios} scenarios that share one layout. */
    public static String text(int scenarios) {
        return """
                #!/bin/busybox sh
                /bin/busybox --install -s /bin
                export PATH=/bin
                mount -t proc proc /proc
                mount -t sysfs sysfs /sys
                mount -t devtmpfs devtmpfs /dev
                mount -t tmpfs tmpfs /tmp
                # the console keeps only emergencies: the runner reads DMAR faults from /dev/kmsg itself
                dmesg -n 1
                up() { cut -d' ' -f1 /proc/uptime; }
                capture() {
                  s=/sys; d=/tmp/capture
                  for g in $s/kernel/iommu_groups/*; do
                    mkdir -p "$d$g/devices"
                    for f in type reserved_regions; do cat "$g/$f" > "$d$g/$f" 2>/dev/null; done
                    for l in "$g"/devices/*; do
                      ln -s "$(readlink "$l")" "$d$l"
                      r=$(readlink -f "$l"); mkdir -p "$d$r"
                      for x in driver iommu; do [ -L "$r/$x" ] && ln -s "$(readlink "$r/$x")" "$d$r/$x"; done
                      if [ -L "$r/iommu" ]; then
                        u=$(readlink -f "$r/iommu"); mkdir -p "$d$u/intel-iommu"
                        for x in cap ecap; do cat "$u/intel-iommu/$x" > "$d$u/intel-iommu/$x" 2>/dev/null; done
                      fi
                    done
                  done
                  tar -C "$d" -czf - . | base64
                }
                out=/dev/ttyS1
                stty -F $out raw -echo 2>/dev/null
                {
                  echo "=== boot uptime=$(up) release=$(uname -r)"
                  n=1
                  while [ $n -le %d ]; do
                    echo "=== drivers $n"
                    %s drivers /lab/drivers-$n.txt
                    if [ $n -eq 1 ]; then
                      echo "=== capture"
                      capture
                      echo "=== capture-end"
                    fi
                    echo "=== steps $n uptime=$(up)"
                    %s steps /lab/steps-$n.txt
                    echo "=== end $n rc=$? uptime=$(up)"
                    n=$((n + 1))
                  done
                  echo "=== done"
                } > $out 2>&1
                sync
                poweroff -f
                """.formatted(scenarios, RUNNER, RUNNER);
    }
}
