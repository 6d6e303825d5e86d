package org.iommuscope.app.cli;

import org.iommuscope.engine.iommufd.Profile;
import picocli.CommandLine.Option;

/** `--profile`: run under another kernel model than the scenario file names. */
final class ProfileOption {
    static final String DESCRIPTION = "run under this profile instead of the file's own (v2-patch, v6.6, v6.12, v6.15, v6.18, v6.19)";

    @Option(names = "--profile", converter = ProfileConverter.class, description = DESCRIPTION)
    Profile profile;
}
