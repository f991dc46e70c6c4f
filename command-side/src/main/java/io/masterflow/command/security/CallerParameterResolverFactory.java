package io.masterflow.command.security;

import io.masterflow.security.Caller;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;

/** Lets command handlers declare a {@link Caller} parameter, read from the command's metadata. */
public class CallerParameterResolverFactory implements ParameterResolverFactory {

    @Override
    public ParameterResolver<Caller> createInstance(Executable executable, Parameter[] parameters, int parameterIndex) {
        if (!Caller.class.equals(parameters[parameterIndex].getType())) {
            return null;
        }
        return new ParameterResolver<>() {
            @Override
            public Caller resolveParameterValue(Message<?> message) {
                return Caller.fromMetaData(message.getMetaData());
            }

            @Override
            public boolean matches(Message<?> message) {
                return message instanceof CommandMessage;
            }
        };
    }
}
