package dev.canopy.support.rest;

import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A client-safe sentence for a request body Jackson could not read: where (line, column, JSON path) and what was
 * expected in JSON terms (string, number, object...), never a Java type, class or package name and never the value
 * that was sent.
 */
public final class JsonBodyErrors {
    private JsonBodyErrors() {
    }

    public static String detail(JsonProcessingException e) {
        String at = location(e.getLocation());
        if (!(e instanceof DatabindException) || syntaxError(e)) {
            return "request body is not valid JSON" + at;
        }
        JsonMappingException m = (JsonMappingException) e;
        String field = path(m);
        String where = field.isEmpty() ? "request body" : "field '" + field + "'";
        if (e instanceof UnrecognizedPropertyException u) {
            return "request body has an unknown field '" + (field.isEmpty() ? safe(u.getPropertyName()) : field) + "'" + at;
        }
        if (e instanceof InvalidFormatException f) {
            return where + ": expected " + jsonType(f.getTargetType()) + at;
        }
        if (e instanceof MismatchedInputException mi) {
            return where + ": expected " + jsonType(mi.getTargetType()) + at;
        }
        return where + " could not be read" + at;
    }

    /** Broken JSON syntax, also when the parser's error reached us wrapped by data binding. */
    private static boolean syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamReadException && !(t instanceof DatabindException)) {
                return true;
            }
        }
        return false;
    }

    /** "items[2].name" from Jackson's reference chain, using only JSON property names and indexes. */
    public static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(safe(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    static String jsonType(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == String.class || type == Character.class || type == char.class || type.isEnum()
                || java.time.temporal.Temporal.class.isAssignableFrom(type) || type == java.util.UUID.class
                || type == java.time.Duration.class) {
            return type.isEnum() ? "one of the allowed text values" : "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) {
            return type == Integer.class || type == int.class || type == Long.class || type == long.class
                    || type == Short.class || type == short.class ? "an integer" : "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a different value";
    }

    private static String location(JsonLocation l) {
        if (l == null || l.getLineNr() < 1) {
            return "";
        }
        return " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    /** Property names are the client's own input: keep them short and printable. */
    private static String safe(String name) {
        if (name == null) {
            return "";
        }
        String s = name.replaceAll("[^A-Za-z0-9_$\\-]", "?");
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
