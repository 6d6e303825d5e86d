package org.iommuscope.app.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.iommuscope.engine.iommufd.Profile;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A profile by its scenario-file key: v2-patch, v6.6, v6.12, v6.15, v6.18, v6.19. */
final class ProfileConverter implements ITypeConverter<Profile> {
    @Override
    public Profile convert(String value) {
        Profile p = Profile.byKey(value);
        if (p == null) {
            throw new TypeConversionException("unknown profile '" + value + "'; one of "
                    + Arrays.stream(Profile.values()).map(Profile::key).collect(Collectors.joining(", ")));
        }
        return p;
    }
}
