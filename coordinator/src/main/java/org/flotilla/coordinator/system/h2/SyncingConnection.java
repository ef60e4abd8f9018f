package org.flotilla.coordinator.system.h2;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;

/**
 * A JDBC connection that makes each of its commits durable before the commit call returns: an
 * explicit {@code commit()}, the implicit commit of {@code setAutoCommit(true)}, and every
 * writing statement run in auto-commit mode. Statements are wrapped to learn whether anything was
 * written ({@code executeQuery} does not count; every other {@code execute*} does), so reads and
 * read-only transactions cost no sync.
 */
final class SyncingConnection implements InvocationHandler {

    private static final Set<String> WRITES = Set.of("execute", "executeUpdate", "executeLargeUpdate", "executeBatch",
            "executeLargeBatch");

    private final Connection target;
    private final GroupSync sync;
    private final Connection proxy;
    private boolean dirty;

    private SyncingConnection(Connection target, GroupSync sync) {
        this.target = target;
        this.sync = sync;
        this.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this);
    }

    static Connection wrap(Connection target, GroupSync sync) {
        return new SyncingConnection(target, sync).proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "unwrap" -> {
                Class<?> type = (Class<?>) args[0];
                return type.isInstance(self) ? self : target.unwrap(type);
            }
            case "isWrapperFor" -> {
                return ((Class<?>) args[0]).isInstance(self) || target.isWrapperFor((Class<?>) args[0]);
            }
            case "equals" -> {
                return self == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(self);
            }
            case "commit" -> {
                target.commit();
                syncIfDirty();
                return null;
            }
            case "rollback" -> {
                Object result = call(method, args);
                if (args == null) {
                    dirty = false; // a rollback to a savepoint keeps the earlier writes
                }
                return result;
            }
            case "setAutoCommit" -> {
                boolean committing = (Boolean) args[0] && !target.getAutoCommit();
                target.setAutoCommit((Boolean) args[0]);
                if (committing) {
                    syncIfDirty(); // JDBC: switching auto-commit on commits the open transaction
                }
                return null;
            }
            default -> {
                Object result = call(method, args);
                if (result instanceof Statement s && !method.getName().equals("unwrap")) {
                    return statement(s);
                }
                return result;
            }
        }
    }

    private void syncIfDirty() throws java.sql.SQLException {
        if (dirty) {
            dirty = false;
            sync.afterCommit(target);
        }
    }

    /** After a writing statement: in auto-commit mode it has committed, so sync now; else at commit. */
    private void wrote() throws java.sql.SQLException {
        dirty = true;
        if (target.getAutoCommit()) {
            syncIfDirty();
        }
    }

    private Statement statement(Statement s) {
        Class<?> type = s instanceof CallableStatement ? CallableStatement.class
                : s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    switch (method.getName()) {
                        case "getConnection" -> {
                            return proxy;
                        }
                        case "unwrap" -> {
                            Class<?> t = (Class<?>) args[0];
                            return t.isInstance(self) ? self : s.unwrap(t);
                        }
                        case "equals" -> {
                            return self == args[0];
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(self);
                        }
                        default -> {
                            Object result = invokeOn(s, method, args);
                            if (WRITES.contains(method.getName())) {
                                wrote();
                            }
                            return result;
                        }
                    }
                });
    }

    private Object call(Method method, Object[] args) throws Throwable {
        return invokeOn(target, method, args);
    }

    private static Object invokeOn(Object on, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(on, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
