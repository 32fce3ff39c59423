package io.spate.coordinator.usercode;

import java.nio.file.Path;
import java.util.Map;

/**
 * One uploaded jar as the coordinator keeps it.
 *
 * @param id {@code <uuid>_<name>}, its file name under the jar directory (Flink's jar id)
 * @param name the file name it was uploaded with
 * @param uploaded epoch ms
 * @param sha256 of its bytes: the blob key executors fetch it by
 * @param functions its concrete classes implementing an API function, by binary name
 */
public record StoredJar(
        String id,
        String name,
        long uploaded,
        String sha256,
        long size,
        Path file,
        Map<String, FunctionKind> functions,
        JarClasses classes) {}
