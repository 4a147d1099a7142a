package dev.paperboy.render;

import ognl.OgnlRuntime;
import ognl.enhance.ExpressionCompiler;

/**
 * OGNL's expression compiler with {@link #getInterfaceClass} remembered per class. OGNL 3.3 asks it on
 * every step of every chained expression ({@code ${paper.title}}: is the property indexed?), and for
 * a non-public class such as {@code List.of(...)}'s it walks the whole interface hierarchy each time:
 * a tenth of the time Thymeleaf spent rendering a digest. The answer depends on the class alone.
 */
final class CachingOgnlCompiler extends ExpressionCompiler {
  private final ClassValue<Class<?>> interfaces = new ClassValue<>() {
    @Override
    protected Class<?> computeValue(Class<?> type) {
      return CachingOgnlCompiler.super.getInterfaceClass(type);
    }
  };

  private CachingOgnlCompiler() {}

  /** Puts it in OGNL's global slot, once. */
  static synchronized void install() {
    if (!(OgnlRuntime.getCompiler() instanceof CachingOgnlCompiler)) OgnlRuntime.setCompiler(new CachingOgnlCompiler());
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Class getInterfaceClass(Class type) {
    return type == null ? null : interfaces.get(type);
  }
}
