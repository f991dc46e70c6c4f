package io.masterflow.command.archive;

import io.masterflow.command.flow.ArchivedFlows;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** The restore of archived flows through the admin API, from the archives {@code masterflow.archive.*} says how to reach. */
@Configuration(proxyBeanMethods = false)
public class ArchiveConfiguration {

    @Bean
    public ArchivedFlowRestores archivedFlowRestores(DataSource dataSource, ArchivedFlows archivedFlows, ArchiveProperties properties) {
        return new ArchivedFlowRestores(dataSource, archivedFlows, properties.s3());
    }
}
