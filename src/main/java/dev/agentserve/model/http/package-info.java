@NullMarked
package dev.agentserve.model.http;

import org.jspecify.annotations.NullMarked;
