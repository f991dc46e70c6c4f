package io.masterflow.standalone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a main class of this module in a JVM of its own, as a user or a crash would see it. */
final class ChildJvm {

    private ChildJvm() {
    }

    static ProcessBuilder of(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    static Process start(Class<?> mainClass, String... args) throws IOException {
        return of(mainClass, args).start();
    }
}
