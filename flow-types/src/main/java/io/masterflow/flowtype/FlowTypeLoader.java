package io.masterflow.flowtype;

import io.masterflow.validation.PhaseValidator;
import io.masterflow.events.FlowTypeRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the {@link FlowTypeRegistry} from YAML files: the built-in definitions on the classpath
 * ({@value #BUILT_IN_LOCATION}), then every {@code *.yml} file directly inside an optional external folder, which may
 * add types or add versions of existing ones but never redefine a version already defined.
 *
 * <p>Everything is checked here, including the params of every validator a phase names, so that a broken definition
 * stops start-up with a message naming the file and field rather than failing a flow later.
 */
public class FlowTypeLoader {

    public static final String BUILT_IN_LOCATION = "classpath*:flow-types/*.yml";

    private static final Logger log = LoggerFactory.getLogger(FlowTypeLoader.class);

    private final FlowTypeYamlReader reader;
    private final String classpathLocation;
    private final ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    /** Loads the built-in definitions; validator names in definitions are checked against {@code validators}. */
    public FlowTypeLoader(Collection<? extends PhaseValidator> validators) {
        this(validators, BUILT_IN_LOCATION);
    }

    /** @param classpathLocation a {@code classpath*:} pattern of the definitions to load instead of the built-in ones */
    public FlowTypeLoader(Collection<? extends PhaseValidator> validators, String classpathLocation) {
        this.reader = new FlowTypeYamlReader(byName(validators));
        this.classpathLocation = classpathLocation;
    }

    /**
     * Every definition found, as a registry.
     *
     * @param externalDir a folder of further definitions, or {@code null} for none; it must exist when given
     * @throws InvalidFlowTypeDefinition when any definition is broken or a type version is defined twice
     */
    public FlowTypeRegistry load(Path externalDir) {
        List<Loaded> loaded = new ArrayList<>(classpathDefinitions());
        if (externalDir != null) {
            loaded.addAll(externalDefinitions(externalDir));
        }
        if (loaded.isEmpty()) {
            throw new InvalidFlowTypeDefinition(classpathLocation, "no flow-type definitions found");
        }
        rejectVersionsDefinedTwice(loaded);
        loaded.forEach(each -> log.debug("Flow type {} version {} read from {}",
                each.definition().type(), each.definition().version(), each.source()));
        log.info("Loaded {} flow-type definitions: {}", loaded.size(), loaded.stream()
                .map(each -> each.definition().type() + " v" + each.definition().version()).collect(Collectors.joining(", ")));
        return new FlowTypeRegistry(loaded.stream().map(Loaded::definition).toList());
    }

    /**
     * One definition.
     *
     * @param source what the message of a problem names as its origin, usually the file name
     * @throws InvalidFlowTypeDefinition when the definition is broken
     */
    public FlowTypeDefinition read(String source, InputStream yaml) {
        return reader.read(source, yaml);
    }

    /** A definition with the file it came from, which every later message about it names. */
    private record Loaded(String source, FlowTypeDefinition definition) {
    }

    private List<Loaded> classpathDefinitions() {
        Resource[] resources;
        try {
            resources = resolver.getResources(classpathLocation);
            // the resolver lists in file-system or jar order; sorting keeps logs and messages the same on every machine
            Arrays.sort(resources, Comparator.comparing(Resource::getFilename, Comparator.nullsFirst(Comparator.naturalOrder())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list flow-type definitions in " + classpathLocation, e);
        }
        List<Loaded> definitions = new ArrayList<>();
        List<String> sources = sourceNames(resources);
        for (int index = 0; index < resources.length; index++) {
            String source = sources.get(index);
            try (InputStream yaml = resources[index].getInputStream()) {
                definitions.add(new Loaded(source, read(source, yaml)));
            } catch (IOException e) {
                throw new InvalidFlowTypeDefinition(source, "cannot be read: " + e.getMessage(), e);
            }
        }
        return definitions;
    }

    /**
     * Names as an operator knows them ({@code flow-types/discovery.yml}); only when two jars hold a file of the
     * same name is the full URL needed to tell them apart.
     */
    private List<String> sourceNames(Resource[] resources) {
        String pathPrefix = classpathLocation.substring(classpathLocation.indexOf(':') + 1);
        String folder = pathPrefix.substring(0, pathPrefix.lastIndexOf('/') + 1);
        List<String> names = Stream.of(resources).map(resource -> folder + resource.getFilename()).toList();
        List<String> unique = new ArrayList<>();
        for (int index = 0; index < resources.length; index++) {
            String name = names.get(index);
            boolean ambiguous = folder.contains("*") || names.indexOf(name) != names.lastIndexOf(name);
            unique.add(ambiguous ? url(resources[index]) : name);
        }
        return unique;
    }

    private static String url(Resource resource) {
        try {
            return resource.getURL().toString();
        } catch (IOException e) {
            return resource.getDescription();
        }
    }

    private List<Loaded> externalDefinitions(Path externalDir) {
        Path folder = externalDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new InvalidFlowTypeDefinition(folder.toString(),
                    "the external flow-type folder (masterflow.flow-types.external-dir) does not exist or is not a folder");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(".yml") && Files.isRegularFile(file))
                    .sorted().toList();
        } catch (IOException e) {
            throw new InvalidFlowTypeDefinition(folder.toString(), "cannot list the external flow-type folder: " + e.getMessage(), e);
        }
        List<Loaded> definitions = new ArrayList<>();
        for (Path file : files) {
            String source = file.toString();
            try (InputStream yaml = Files.newInputStream(file)) {
                definitions.add(new Loaded(source, read(source, yaml)));
            } catch (IOException e) {
                throw new InvalidFlowTypeDefinition(source, "cannot be read: " + e.getMessage(), e);
            }
        }
        return definitions;
    }

    private static void rejectVersionsDefinedTwice(List<Loaded> loaded) {
        Map<FlowTypeRef, String> sourceByRef = new HashMap<>();
        for (Loaded each : loaded) {
            FlowTypeRef ref = each.definition().ref();
            String earlier = sourceByRef.putIfAbsent(ref, each.source());
            if (earlier != null) {
                throw new InvalidFlowTypeDefinition(each.source(),
                        "flow type '" + ref.type() + "' version " + ref.version() + " is already defined in " + earlier);
            }
        }
    }

    private static Map<String, PhaseValidator> byName(Collection<? extends PhaseValidator> validators) {
        return validators.stream().collect(Collectors.toMap(PhaseValidator::name, Function.identity(), (first, second) -> {
            throw new IllegalArgumentException("two validators are named '" + first.name() + "': "
                    + first.getClass().getName() + " and " + second.getClass().getName());
        }));
    }
}
