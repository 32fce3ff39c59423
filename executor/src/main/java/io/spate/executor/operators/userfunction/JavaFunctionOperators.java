package io.spate.executor.operators.userfunction;

import io.spate.api.FilterFunction;
import io.spate.api.FlatMapFunction;
import io.spate.api.Function;
import io.spate.api.KeyedProcessFunction;
import io.spate.api.MapFunction;
import io.spate.executor.operators.OneInputOperator;
import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.Output;
import io.spate.executor.usercode.UserCodeClassLoader;
import io.spate.transform.JavaFunctions;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Builds the operator of a {@code JavaFunction} transform: loads its {@code class} from the job's
 * {@link UserCodeClassLoader} (the task thread's context class loader, which the task set from its
 * job's lease), makes one instance with the public no-argument constructor, and picks the operator
 * by the API interface it implements: {@link KeyedProcessFunction} (needs a KeyBy before it), else
 * {@link FlatMapFunction}, else {@link MapFunction}, else {@link FilterFunction}. The only place in
 * the executor that uses reflection, and only on the JVM: a native executor refuses before this.
 * Task thread.
 */
public final class JavaFunctionOperators {

    private JavaFunctionOperators() {}

    /**
     * @throws IllegalArgumentException naming the transform when its class is missing, not a
     *     function, or cannot be made
     */
    public static OneInputOperator create(OperatorContext context, Output out) {
        String name = context.spec().name();
        String className = context.spec().config().getString(JavaFunctions.CLASS);
        if (!(Thread.currentThread().getContextClassLoader()
                instanceof UserCodeClassLoader loader)) {
            throw new IllegalArgumentException(
                    name + ": JavaFunction " + className + " needs the job's jars (jars: [..])");
        }
        Class<?> cls;
        try {
            cls = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(
                    name + ": class " + className + " is not in the job's jars (" + e + ")", e);
        }
        if (!Function.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException(
                    name
                            + ": "
                            + className
                            + " implements none of MapFunction, FilterFunction, FlatMapFunction,"
                            + " KeyedProcessFunction (io.spate.api)");
        }
        Function function = instantiate(name, cls);
        FunctionRuntime runtime = new FunctionRuntime(context);
        if (function instanceof KeyedProcessFunction keyed) {
            if (context.spec().keyField().isEmpty()) {
                throw new IllegalArgumentException(
                        name
                                + ": "
                                + className
                                + " is a KeyedProcessFunction: put a KeyBy before it");
            }
            return new KeyedProcessOperator(context, runtime, keyed, out);
        }
        if (function instanceof FlatMapFunction flatMap) {
            return new FlatMapOperator(runtime, flatMap, out);
        }
        if (function instanceof MapFunction map) {
            return new MapOperator(runtime, map, out);
        }
        if (function instanceof FilterFunction filter) {
            return new FilterOperator(runtime, filter, out);
        }
        throw new IllegalArgumentException(
                name
                        + ": "
                        + className
                        + " implements none of MapFunction, FilterFunction, FlatMapFunction,"
                        + " KeyedProcessFunction (io.spate.api)");
    }

    private static Function instantiate(String name, Class<?> cls) {
        try {
            Constructor<?> constructor = cls.getConstructor();
            return (Function) constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(
                    name + ": " + cls.getName() + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    name + ": the constructor of " + cls.getName() + " threw", e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException(
                    name + ": cannot make a " + cls.getName() + ": " + e, e);
        }
    }
}
