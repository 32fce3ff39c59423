/**
 * What a user's Java function implements (src-docs/java-functions.md): {@link
 * io.spate.api.MapFunction}, {@link io.spate.api.FilterFunction}, {@link
 * io.spate.api.FlatMapFunction} and {@link io.spate.api.KeyedProcessFunction}, each with {@link
 * io.spate.api.Function#open} and {@link io.spate.api.Function#close} around the records. Records
 * are {@link io.spate.record.Row}s, the same typed rows the built-in transforms use. A job spec
 * names the class: {@code {type: JavaFunction, config: {class: com.example.Enrich, output: {..}}}}.
 */
package io.spate.api;
