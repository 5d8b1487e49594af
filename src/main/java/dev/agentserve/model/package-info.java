@NullMarked
package dev.agentserve.model;

import org.jspecify.annotations.NullMarked;
